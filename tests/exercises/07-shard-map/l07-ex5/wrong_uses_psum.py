# Misconception: "by hand" may still lean on the built-in collective.
def ring_sum(block):
    return jax.lax.psum(block, "i") + 0 * jax.lax.ppermute(block, "i", [(0, 1)])
