# Misconception: leaves are single numbers, so float() converts each one (it gives Python floats and fails on arrays).
def to_float_tree(tree):
    return jax.tree.map(float, tree)
