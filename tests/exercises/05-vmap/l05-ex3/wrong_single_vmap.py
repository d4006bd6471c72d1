# Misconception: one vmap over both arguments computes all pairs (it pairs A[i] with B[i], like zip).
def manhattan_matrix(A, B):
    def one_pair(a, c):
        return jnp.sum(jnp.abs(a - c))
    return jax.vmap(one_pair)(A, B)
