# Misconception: `v += 10` changes a JAX array in place (and returns the same object), as it does in NumPy.
prediction_1 = (10, 11, 12)
prediction_2 = (10, 11, 12)
prediction_3 = (True, True)
prediction_4 = (0, 1, 2)
