# Misconception: one key can serve every layer; layers of the same shape then get identical weights.
def init_params(key, sizes):
    return [{"w": jax.random.normal(key, (m, n)) * jnp.sqrt(2.0 / m), "b": jnp.zeros(n)}
            for m, n in zip(sizes[:-1], sizes[1:])]
