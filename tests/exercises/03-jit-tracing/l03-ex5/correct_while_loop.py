def newton_sqrt(a, steps):
    a = jnp.asarray(a, dtype=jnp.float32)

    def keep_going(state):
        i, _ = state
        return i < steps

    def update(state):
        i, y = state
        return i + 1, (y + a / y) / 2

    _, y = lax.while_loop(keep_going, update, (0, jnp.ones_like(a)))
    return y
