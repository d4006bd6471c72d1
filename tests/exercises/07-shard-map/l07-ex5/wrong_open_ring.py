# Misconception: ppermute wraps around by itself; the pair (n - 1, 0) is not needed.
def ring_sum(block):
    n = jax.lax.axis_size("i")
    perm = [(d, d + 1) for d in range(n - 1)]
    total, passing = block, block
    for _ in range(n - 1):
        passing = jax.lax.ppermute(passing, "i", perm)
        total = total + passing
    return total
