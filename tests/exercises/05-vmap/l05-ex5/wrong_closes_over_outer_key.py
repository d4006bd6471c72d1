# Misconception: mapping over the split keys is enough, even if the function draws with the outer key.
def noisy_copies(key, x, n, scale):
    keys = jax.random.split(key, n)
    return jax.vmap(lambda k: x + scale * jax.random.normal(key, x.shape))(keys)
