# Same key -> same numbers; split is deterministic; a typed key is a scalar, a legacy key is uint32[2].
prediction_1 = not False
prediction_2 = bool(1)
prediction_3 = tuple([5])
prediction_4 = (5,) + (2,)
