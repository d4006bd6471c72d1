# Misconception: vmap notices when you map the wrong axis (a square batch fits either way).
raises_a = False
raises_b = True
raises_c = True
raises_d = True
