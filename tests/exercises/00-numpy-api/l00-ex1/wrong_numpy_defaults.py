# Misconception: JAX keeps NumPy's 64-bit defaults.
prediction_1 = "float64"
prediction_2 = "int64"
prediction_3 = False
