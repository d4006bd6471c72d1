# Misconception: `.at[idx].set(...)` (or NumPy's `a[idx] += w`) sums repeated indices; repeats overwrite instead.
def binned_sum(idx, weights, n):
    return jnp.zeros(n).at[idx].set(weights, mode="clip")
