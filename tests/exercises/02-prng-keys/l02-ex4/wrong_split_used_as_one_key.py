# Misconception: the result of jax.random.split(key, n) can be passed where one key is expected.
def sample_batch(key, n, shape):
    keys = jax.random.split(key, n)
    return jax.random.normal(keys, (n, *shape))
