# Misconception: NumPy in means NumPy out, with NumPy's float64 kept.
prediction_1 = (True, "float64", (3,))
