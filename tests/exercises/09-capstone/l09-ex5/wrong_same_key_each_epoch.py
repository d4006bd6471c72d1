# Misconception: reusing the shuffle key still gives a new order each epoch; a key always gives the same one.
def epoch_permutations(key, n, n_epochs):
    return jnp.stack([jax.random.permutation(key, n) for _ in range(n_epochs)])
