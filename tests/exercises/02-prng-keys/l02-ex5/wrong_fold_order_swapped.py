# Misconception: the order of the two fold_in calls does not matter, so folding the example first gives the same keys.
def noise_table(key, steps, batch, dim):
    return jnp.stack([jnp.stack([jax.random.normal(jax.random.fold_in(jax.random.fold_in(key, e), s), (dim,))
                                 for e in range(batch)]) for s in range(steps)])
