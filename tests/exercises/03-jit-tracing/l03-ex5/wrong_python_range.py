# Misconception: Python range() can loop over a traced number of steps.
def newton_sqrt(a, steps):
    y = jnp.ones_like(a)
    for _ in range(steps):
        y = 0.5 * (y + a / y)
    return y
