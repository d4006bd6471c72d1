# Misconception: one draw of shape (n, ...) from the key is the same as one draw per split key.
def noisy_copies(key, x, n, scale):
    return x + scale * jax.random.normal(key, (n,) + x.shape)
