# Misconception: making each leaf a JAX array is enough; the dtype stays int32 and grad still refuses it.
def to_float_tree(tree):
    return jax.tree.map(jnp.asarray, tree)
