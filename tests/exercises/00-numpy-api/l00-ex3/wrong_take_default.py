# Misconception: jnp.take's default fill is the value you want (it is NaN for floats).
def lookup(table, idx, missing):
    return jnp.take(table, idx)
