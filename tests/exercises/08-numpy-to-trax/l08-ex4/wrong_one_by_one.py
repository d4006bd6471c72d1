# Misconception: convert each vector, then stack; one transfer per vector.
def make_batch(vectors):
    return jnp.stack([jnp.array(v) for v in vectors])
