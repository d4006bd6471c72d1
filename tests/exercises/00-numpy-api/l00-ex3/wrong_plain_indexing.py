# Misconception: an out-of-bounds read raises or is handled; JAX silently clamps it instead.
def lookup(table, idx, missing):
    return table[idx]
