def sample_batch(key, n, shape):
    rows = [jax.random.normal(k, shape) for k in jax.random.split(key, n)]
    return jnp.stack(rows).reshape((n, *shape))
