def noisy_copies(key, x, n, scale):
    def one_copy(k, x):
        return x + scale * jax.random.normal(k, x.shape)
    return jax.vmap(one_copy, in_axes=(0, None))(jax.random.split(key, n), x)
