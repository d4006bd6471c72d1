# Misconception: folding in one combined number s + e gives every (step, example) pair its own stream.
def noise_table(key, steps, batch, dim):
    return jnp.stack([jnp.stack([jax.random.normal(jax.random.fold_in(key, s + e), (dim,))
                                 for e in range(batch)]) for s in range(steps)])
