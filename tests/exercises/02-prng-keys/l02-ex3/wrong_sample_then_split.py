# Misconception: using the key first and splitting it afterwards is fine, as long as the next draw uses a subkey.
def init_mlp(key, sizes):
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = jax.random.normal(key, (n_in, n_out)) / jnp.sqrt(n_in)
        key, sub = jax.random.split(key)
        b = 0.1 * jax.random.normal(sub, (n_out,))
        params.append((W, b))
    return params
