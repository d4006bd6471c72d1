def mean_of(values):
    arr = jnp.array(values, dtype=jnp.float32)
    return arr.sum() / arr.size
