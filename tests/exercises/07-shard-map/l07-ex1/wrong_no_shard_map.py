# Misconception: a sharded reduction needs no per-device program; jnp.sum is all there is to write.
def sum_of_squares(x):
    return jnp.sum(x ** 2)
