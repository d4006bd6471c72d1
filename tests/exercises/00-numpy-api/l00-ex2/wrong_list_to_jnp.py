# Misconception: jnp functions convert lists like NumPy does (jnp.mean raises TypeError on a list).
def mean_of(values):
    return jnp.mean(values)
