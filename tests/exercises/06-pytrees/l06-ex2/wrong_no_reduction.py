# Misconception: jax.tree.map can return one number; it always returns a tree shaped like its input.
def tree_vdot(a, b):
    return jax.tree.map(lambda x, y: jnp.sum(x * y), a, b)
