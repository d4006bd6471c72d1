# NumPy's += writes into the caller's array; JAX's += only rebinds the local name; a dropped .at result changes nothing.
prediction_1 = tuple(v + 10 for v in range(3))
prediction_2 = tuple(range(3))
prediction_3 = (True, not True)
prediction_4 = tuple(range(3))
