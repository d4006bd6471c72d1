# Misconception: the JAX array keeps the float64 dtype of the NumPy input.
prediction_1 = (False, "float64", (3,))
