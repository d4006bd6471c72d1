# Misconception: `c.at[0].set(7)` changes c even when its result is dropped.
prediction_1 = (10, 11, 12)
prediction_2 = (0, 1, 2)
prediction_3 = (True, False)
prediction_4 = (7, 1, 2)
