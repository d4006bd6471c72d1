# Misconception: NumPy on the left of + decides the result type.
prediction_read = 4
prediction_write = [0, 1, 2, 3, 4]
prediction_mixed = "numpy"
