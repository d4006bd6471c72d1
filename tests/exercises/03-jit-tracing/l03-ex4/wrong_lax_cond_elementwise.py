# Misconception: lax.cond decides per element, like jnp.where.
def huber(x, delta):
    a = jnp.abs(x)
    return lax.cond(a <= delta, lambda: 0.5 * x**2, lambda: delta * (a - 0.5 * delta))
