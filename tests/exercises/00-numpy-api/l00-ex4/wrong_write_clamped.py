# Misconception: out-of-bounds writes are clamped like reads (they are dropped).
prediction_read = 4
prediction_write = [0, 1, 2, 3, 100]
prediction_mixed = "jax"
