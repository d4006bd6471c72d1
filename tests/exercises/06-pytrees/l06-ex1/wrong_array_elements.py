# Misconception: JAX looks inside arrays, so each element of jnp.arange(4) is a leaf.
prediction_1 = 7
prediction_2 = [2, 2]
