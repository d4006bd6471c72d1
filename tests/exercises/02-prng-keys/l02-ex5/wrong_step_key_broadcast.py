# Misconception: under vmap each example gets its own randomness even when the step key is broadcast to all of them.
def noise_table(key, steps, batch, dim):
    def step(s):
        k = jax.random.fold_in(key, s)
        return jax.vmap(lambda e: jax.random.normal(k, (dim,)))(jnp.arange(batch))
    return jax.vmap(step)(jnp.arange(steps))
