# Misconception: a Python while loop can test a traced condition.
def newton_sqrt(a, steps):
    y = jnp.ones_like(a)
    i = 0
    while i < steps:
        y = 0.5 * (y + a / y)
        i += 1
    return y
