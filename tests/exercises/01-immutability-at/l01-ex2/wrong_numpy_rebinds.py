# Misconception: `+=` on a function argument never reaches the caller's array, in NumPy either.
prediction_1 = (0, 1, 2)
prediction_2 = (0, 1, 2)
prediction_3 = (False, False)
prediction_4 = (0, 1, 2)
