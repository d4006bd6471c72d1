def init_mlp(key, sizes):
    params = []
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        k_w, k_b = jax.random.split(jax.random.fold_in(key, layer))
        params.append((jax.random.normal(k_w, (n_in, n_out)) * n_in ** -0.5,
                       jax.random.normal(k_b, (n_out,)) * 0.1))
    return params
