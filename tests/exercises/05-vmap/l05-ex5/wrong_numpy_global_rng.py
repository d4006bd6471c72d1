# Misconception: any random noise will do, so NumPy's global random state can replace the keys.
def noisy_copies(key, x, n, scale):
    return x + scale * np.random.normal(size=(n,) + x.shape)
