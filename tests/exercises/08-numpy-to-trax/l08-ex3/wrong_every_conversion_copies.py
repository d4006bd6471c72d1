# Misconception: every conversion makes a new array, jnp.asarray included.
prediction_asarray = False
prediction_array = False
prediction_after_write = 1.0
