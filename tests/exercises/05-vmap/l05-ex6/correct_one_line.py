raises_a, raises_b, raises_c, raises_d = False, False, True, True
