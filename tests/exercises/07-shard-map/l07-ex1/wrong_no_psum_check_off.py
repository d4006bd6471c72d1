# Misconception: shard_map adds up the per-device results by itself; check_vma=False just silences a fussy error.
def sum_of_squares(x):
    def partial_sum(block):
        return jnp.sum(block ** 2)
    return jax.shard_map(partial_sum, mesh=mesh1, in_specs=P("i"), out_specs=P(), check_vma=False)(x)
