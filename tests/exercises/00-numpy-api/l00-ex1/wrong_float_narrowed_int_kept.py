# Misconception: JAX narrows floats but keeps a NumPy int64 array's dtype.
prediction_1 = "float32"
prediction_2 = "int64"
prediction_3 = True
