# Misconception: jnp.array shares the NumPy array's memory, so a later NumPy write shows through.
prediction_asarray = True
prediction_array = False
prediction_after_write = 5.0
