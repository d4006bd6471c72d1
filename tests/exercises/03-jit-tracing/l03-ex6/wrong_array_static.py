# Misconception: the array argument is the one to make static (arrays cannot be static: not hashable).
def window_means(x, window):
    return jnp.convolve(x, jnp.ones(window) / window, mode="valid")

window_means_jit = jax.jit(window_means, static_argnums=0)
