# Misconception (a common claim): jnp.array does not copy unless it has to.
prediction_asarray = True
prediction_array = True
prediction_after_write = 1.0
