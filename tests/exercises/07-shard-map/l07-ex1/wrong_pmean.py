# Misconception: pmean and psum are interchangeable ways to combine the devices' results.
def sum_of_squares(x):
    def partial_sum(block):
        return jax.lax.pmean(jnp.sum(block ** 2), "i")
    return jax.shard_map(partial_sum, mesh=mesh1, in_specs=P("i"), out_specs=P())(x)
