# Misconception: static_argnums fixes every loop, even when steps itself is traced by the caller.
def _newton(a, steps):
    y = jnp.ones_like(a)
    for _ in range(steps):
        y = 0.5 * (y + a / y)
    return y

newton_sqrt = jax.jit(_newton, static_argnums=1)
