# Misconception: flattening both trees and zipping the leaves is safe; it silently accepts mismatched trees.
def tree_vdot(a, b):
    return sum(jnp.sum(jnp.asarray(x) * jnp.asarray(y)) for x, y in zip(jax.tree.leaves(a), jax.tree.leaves(b)))
