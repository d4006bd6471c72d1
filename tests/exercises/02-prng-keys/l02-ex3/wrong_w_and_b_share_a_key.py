# Misconception: one key per layer is enough; W and b can both be drawn from it.
def init_mlp(key, sizes):
    pairs = list(zip(sizes[:-1], sizes[1:]))
    keys = jax.random.split(key, len(pairs))
    params = []
    for k, (n_in, n_out) in zip(keys, pairs):
        W = jax.random.normal(k, (n_in, n_out)) / jnp.sqrt(n_in)
        b = 0.1 * jax.random.normal(k, (n_out,))
        params.append((W, b))
    return params
