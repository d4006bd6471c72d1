# Misconception: writing a fixed seed inside the function is what makes it reproducible, so the key argument can be ignored.
def init_mlp(key, sizes):
    key = jax.random.key(0)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        key, k_w, k_b = jax.random.split(key, 3)
        W = jax.random.normal(k_w, (n_in, n_out)) / jnp.sqrt(n_in)
        b = 0.1 * jax.random.normal(k_b, (n_out,))
        params.append((W, b))
    return params
