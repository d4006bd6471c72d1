# Misconception: NumPy functions (np.where) can be applied to traced values.
def huber(x, delta):
    a = np.abs(x)
    return np.where(a <= delta, 0.5 * x**2, delta * (a - 0.5 * delta))
