# Misconception: every argument can be traced, even one that decides the output's shape.
def window_means(x, window):
    return jnp.convolve(x, jnp.ones(window) / window, mode="valid")

window_means_jit = jax.jit(window_means)
