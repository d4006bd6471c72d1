# Misconception: jnp functions appear under their own names (`sum`) rather than as primitives (`reduce_sum`).
prediction_names = ("sin", "mul", "add", "add", "sum")
prediction_out_shape = ()
