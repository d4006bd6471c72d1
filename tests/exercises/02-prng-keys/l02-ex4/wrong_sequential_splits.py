# Misconception: splitting one key after another in a loop gives the same keys as split(key, n).
def sample_batch(key, n, shape):
    rows = []
    for _ in range(n):
        key, sub = jax.random.split(key)
        rows.append(jax.random.normal(sub, shape))
    return jnp.stack(rows)
