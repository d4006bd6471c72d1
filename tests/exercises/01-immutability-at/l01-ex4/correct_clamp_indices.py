def binned_sum(idx, weights, n):
    out = jnp.zeros(n)
    out = out.at[jnp.clip(idx, 0, n - 1)].add(weights)
    return out
