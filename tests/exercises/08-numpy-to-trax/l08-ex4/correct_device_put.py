def make_batch(vectors):
    host = np.asarray(vectors, dtype=np.float32)   # one (n, d) array on the host
    return jax.device_put(host)                    # one transfer
