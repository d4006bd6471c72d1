# Misconception: out_axes=None just drops the batch axis of any output (it only accepts unbatched outputs).
raises_a = False
raises_b = False
raises_c = True
raises_d = False
