# Misconception: Python `if` works on traced values as it does on NumPy scalars.
def huber(x, delta):
    a = jnp.abs(x)
    if a <= delta:
        return 0.5 * x**2
    return delta * (a - 0.5 * delta)
