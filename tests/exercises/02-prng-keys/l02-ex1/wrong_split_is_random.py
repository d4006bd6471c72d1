# Misconception: split draws fresh random children each time it is called, so splitting the same key twice differs.
prediction_1 = True
prediction_2 = False
prediction_3 = (5,)
prediction_4 = (5, 2)
