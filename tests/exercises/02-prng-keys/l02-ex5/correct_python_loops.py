def noise_table(key, steps, batch, dim):
    table = []
    for s in range(steps):
        step_key = jax.random.fold_in(key, s)
        table.append(jnp.stack([jax.random.normal(jax.random.fold_in(step_key, e), (dim,))
                                for e in range(batch)]))
    return jnp.stack(table)
