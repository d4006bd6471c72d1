# Misconception: a key per example is enough; the step does not need to be folded in.
def noise_table(key, steps, batch, dim):
    per_example = jax.vmap(lambda e: jax.random.normal(jax.random.fold_in(key, e), (dim,)))(jnp.arange(batch))
    return jnp.stack([per_example] * steps)
