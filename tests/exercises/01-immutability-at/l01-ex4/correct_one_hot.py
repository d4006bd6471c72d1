def binned_sum(idx, weights, n):
    bins = jnp.minimum(idx, n - 1)
    one_hot = (bins[:, None] == jnp.arange(n)[None, :]).astype(jnp.float32)
    return weights.astype(jnp.float32) @ one_hot
