# Misconception: a repeated index is updated only once, as with NumPy's `a[idx] += 1`.
prediction_1 = (10, 120, 30, 40, 50)
prediction_2 = (10, 20, 30, 40, 51)
prediction_3 = (10, 20, 30, 40, 51)
