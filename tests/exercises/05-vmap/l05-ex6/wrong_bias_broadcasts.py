# Misconception: a shared argument mapped with in_axes=0 is broadcast to every example (it is split).
raises_a = False
raises_b = False
raises_c = False
raises_d = True
