# Misconception: out-of-bounds reads wrap around (7 % 5 == 2) instead of clamping.
prediction_read = 2
prediction_write = [0, 1, 2, 3, 4]
prediction_mixed = "jax"
