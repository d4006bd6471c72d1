def manhattan_matrix(A, B):
    def one_row(a):                      # one point of A against all of B
        return jnp.sum(jnp.abs(B - a), axis=1)
    return jax.vmap(one_row)(A)
