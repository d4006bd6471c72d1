def sum_of_squares(x):
    @jax.shard_map(mesh=mesh1, out_specs=P())   # in_specs left out: read from x's layout
    def per_device(block):
        return jax.lax.psum(jnp.vdot(block, block), "i")
    return per_device(x)
