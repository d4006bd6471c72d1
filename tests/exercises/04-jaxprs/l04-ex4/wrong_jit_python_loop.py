# Misconception: wrapping a Python loop in jax.jit compiles it into one compact loop.
from functools import partial

@partial(jax.jit, static_argnums=1)
def repeat_tanh(x, n):
    for _ in range(n):
        x = jnp.tanh(x)
    return x
