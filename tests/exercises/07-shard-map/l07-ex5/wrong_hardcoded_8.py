# Misconception: the mesh always has 8 devices, so the ring can be written for 8.
def ring_sum(block):
    perm = [(d, (d + 1) % 8) for d in range(8)]
    total, passing = block, block
    for _ in range(7):
        passing = jax.lax.ppermute(passing, "i", perm)
        total = total + passing
    return total
