# Misconception: a pytree is an array, so jnp.asarray can convert the whole dict at once.
def to_float_tree(tree):
    return jnp.asarray(tree, dtype=jnp.float32)
