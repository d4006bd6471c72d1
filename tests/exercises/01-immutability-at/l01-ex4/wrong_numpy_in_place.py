# Misconception: NumPy-style in-place accumulation `out[idx] += weights` works on a JAX array.
def binned_sum(idx, weights, n):
    out = jnp.zeros(n)
    out[jnp.minimum(idx, n - 1)] += weights
    return out
