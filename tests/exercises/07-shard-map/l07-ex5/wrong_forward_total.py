# Misconception: pass your running total along the ring (partial sums then get counted again and again).
def ring_sum(block):
    n = jax.lax.axis_size("i")
    perm = [(d, (d + 1) % n) for d in range(n)]
    total = block
    for _ in range(n - 1):
        total = total + jax.lax.ppermute(total, "i", perm)
    return total
