# Misconception: summing the differences gives a distance (opposite differences cancel; use abs).
def manhattan_matrix(A, B):
    def one_pair(a, c):
        return jnp.sum(a - c)
    return jax.vmap(jax.vmap(one_pair, in_axes=(None, 0)), in_axes=(0, None))(A, B)
