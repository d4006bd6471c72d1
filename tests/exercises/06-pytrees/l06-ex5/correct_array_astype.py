def to_float_tree(tree):
    def to_float(leaf):
        return jnp.array(leaf).astype("float32")
    leaves, treedef = jax.tree.flatten(tree)
    return jax.tree.unflatten(treedef, [to_float(leaf) for leaf in leaves])
