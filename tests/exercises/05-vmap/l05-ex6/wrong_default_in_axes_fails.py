# Misconception: vmap without in_axes always fails for predict (it works when every argument is batched).
raises_a = True
raises_b = False
raises_c = True
raises_d = True
