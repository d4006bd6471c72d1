# Misconception: an out-of-bounds index raises an IndexError in JAX, as in NumPy (unless mode="clip").
prediction_1 = "error"
prediction_2 = "error"
prediction_3 = (10, 20, 30, 40, 53)
