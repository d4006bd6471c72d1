# Misconception: random indices shuffle the data; they repeat some examples and skip others.
def epoch_permutations(key, n, n_epochs):
    return jax.random.randint(key, (n_epochs, n), 0, n)
