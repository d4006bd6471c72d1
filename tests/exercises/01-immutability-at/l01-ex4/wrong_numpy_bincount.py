# Misconception: a NumPy result (np.bincount) is as good as a JAX array.
def binned_sum(idx, weights, n):
    return np.bincount(np.minimum(np.asarray(idx), n - 1), weights=np.asarray(weights), minlength=n)
