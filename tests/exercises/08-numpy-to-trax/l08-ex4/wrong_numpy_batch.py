# Misconception: a stacked NumPy array is already the batch JAX needs.
def make_batch(vectors):
    return np.stack(vectors).astype(np.float32)
