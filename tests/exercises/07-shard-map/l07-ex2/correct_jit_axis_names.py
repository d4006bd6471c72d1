def matmul_split_k(a, b):
    def partial_product(a_cols, b_rows):
        return jax.lax.psum(jnp.matmul(a_cols, b_rows), mesh.axis_names)   # both axes: ("x", "y")
    return jax.jit(jax.shard_map(partial_product, mesh=mesh, out_specs=P()))(a, b)
