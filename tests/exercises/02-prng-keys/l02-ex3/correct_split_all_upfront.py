def init_mlp(key, sizes):
    pairs = list(zip(sizes[:-1], sizes[1:]))
    keys = jax.random.split(key, 2 * len(pairs))
    return [(jax.random.normal(keys[2 * i], (n_in, n_out)) / jnp.sqrt(n_in),
             0.1 * jax.random.normal(keys[2 * i + 1], (n_out,)))
            for i, (n_in, n_out) in enumerate(pairs)]
