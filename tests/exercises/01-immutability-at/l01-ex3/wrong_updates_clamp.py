# Misconception: out-of-bounds updates are clamped onto the last element, as out-of-bounds reads are.
prediction_1 = (10, 120, 30, 40, 150)
prediction_2 = (10, 20, 30, 40, 53)
prediction_3 = (10, 20, 30, 40, 53)
