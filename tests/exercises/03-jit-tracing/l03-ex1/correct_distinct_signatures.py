signatures = {((3,), "float32"), ((3,), "float32"), ((1, 3), "float32"),
              ((3,), "float32"), ((3,), "int32"), ((1, 3), "float32")}
prediction_1 = len(signatures)   # one trace per distinct (shape, dtype)
prediction_2 = 6                 # jax.debug.print runs on every call
