# Misconception: a ring of n devices needs n hops (the n-th hop brings each device's own block back).
def ring_sum(block):
    n = jax.lax.axis_size("i")
    perm = [(d, (d + 1) % n) for d in range(n)]
    total, passing = block, block
    for _ in range(n):
        passing = jax.lax.ppermute(passing, "i", perm)
        total = total + passing
    return total
