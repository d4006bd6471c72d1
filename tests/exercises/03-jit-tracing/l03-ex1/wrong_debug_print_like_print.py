# Misconception: jax.debug.print runs only while tracing, like print.
prediction_1 = 3
prediction_2 = 3
