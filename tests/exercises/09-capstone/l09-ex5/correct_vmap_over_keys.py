def epoch_permutations(key, n, n_epochs):
    keys = jax.random.split(key, n_epochs)
    return jax.vmap(lambda k: jax.random.permutation(k, n))(keys)
