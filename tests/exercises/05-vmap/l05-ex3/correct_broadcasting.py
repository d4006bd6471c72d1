def manhattan_matrix(A, B):
    # A spreads along rows, B along columns: (n, 1, d) - (1, m, d) -> (n, m, d)
    return jnp.abs(A[:, None, :] - B[None, :, :]).sum(axis=-1)
