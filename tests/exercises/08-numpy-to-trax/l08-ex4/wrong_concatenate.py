# Misconception: concatenating vectors makes a batch; it joins them end to end with no batch axis.
def make_batch(vectors):
    return jnp.asarray(np.concatenate(vectors).astype(np.float32))
