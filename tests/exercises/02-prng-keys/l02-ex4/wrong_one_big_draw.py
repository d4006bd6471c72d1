# Misconception: one draw of shape (n, *shape) from the key is the same as one draw per split key.
def sample_batch(key, n, shape):
    return jax.random.normal(key, (n, *shape))
