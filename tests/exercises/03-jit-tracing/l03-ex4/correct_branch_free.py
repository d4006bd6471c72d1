def huber(x, delta):
    a = jnp.abs(x)
    inner = jnp.minimum(a, delta)          # the quadratic part, capped at delta
    return 0.5 * inner**2 + delta * jnp.maximum(a - delta, 0.0)
