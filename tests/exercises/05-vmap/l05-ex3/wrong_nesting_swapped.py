# Misconception: the inner vmap gives the rows (the outer vmap's axis comes first in the result).
def manhattan_matrix(A, B):
    def one_pair(a, c):
        return jnp.sum(jnp.abs(a - c))
    return jax.vmap(jax.vmap(one_pair, in_axes=(0, None)), in_axes=(None, 0))(A, B)
