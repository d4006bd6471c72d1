# Misconception: NumPy's random functions are fine for initialising JAX parameters; the key is just a formality.
def init_mlp(key, sizes):
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = jnp.asarray(np.random.normal(size=(n_in, n_out)) / np.sqrt(n_in), dtype=jnp.float32)
        b = jnp.asarray(0.1 * np.random.normal(size=(n_out,)), dtype=jnp.float32)
        params.append((W, b))
    return params
