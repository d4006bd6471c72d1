def tree_vdot(a, b):
    if jax.tree.structure(a) != jax.tree.structure(b):
        raise ValueError("a and b have different structures")
    pairs = zip(jax.tree.leaves(a), jax.tree.leaves(b))
    return jnp.asarray(sum(jnp.vdot(jnp.asarray(x), jnp.asarray(y)) for x, y in pairs))
