# Misconception: a jitted function runs its Python body on every call, like a NumPy function.
prediction_1 = 6
prediction_2 = 6
