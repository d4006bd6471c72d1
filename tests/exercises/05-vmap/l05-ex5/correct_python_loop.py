def noisy_copies(key, x, n, scale):
    copies = []
    for k in jax.random.split(key, n):
        copies.append(x + scale * jax.random.normal(k, x.shape))
    return jnp.stack(copies)
