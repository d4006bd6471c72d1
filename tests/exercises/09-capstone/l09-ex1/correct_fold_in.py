def init_params(key, sizes):
    params = []
    for i in range(len(sizes) - 1):
        layer_key = jax.random.fold_in(key, i)          # a different key for every layer
        n_in, n_out = sizes[i], sizes[i + 1]
        w = jax.random.normal(layer_key, (n_in, n_out), dtype=jnp.float32) * (2.0 / n_in) ** 0.5
        params.append(dict(w=w, b=jnp.zeros((n_out,), jnp.float32)))
    return params
