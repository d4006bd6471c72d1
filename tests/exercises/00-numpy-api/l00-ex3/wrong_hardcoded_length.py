# Misconception: fitting the visible example (a table of length 3) is enough.
def lookup(table, idx, missing):
    return jnp.where(idx < 3, table[jnp.clip(idx, 0, 2)], missing)
