# Misconception: a Python for loop is recorded as a loop, so the jaxpr stays small.
def repeat_tanh(x, n):
    for _ in range(n):
        x = jnp.tanh(x)
    return x
