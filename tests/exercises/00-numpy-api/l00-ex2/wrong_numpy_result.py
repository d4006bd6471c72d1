# Misconception: a NumPy result is as good as a JAX array (np.mean on a list returns np.float64).
def mean_of(values):
    return np.mean(values)
