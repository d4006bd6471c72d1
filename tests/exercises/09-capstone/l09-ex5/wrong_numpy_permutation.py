# Misconception: NumPy's global shuffling is fine in JAX code; the order then ignores the key.
def epoch_permutations(key, n, n_epochs):
    return jnp.asarray(np.stack([np.random.permutation(n) for _ in range(n_epochs)]))
