def ring_sum(block):
    n = jax.lax.axis_size("i")
    leftward = [(src, (src - 1) % n) for src in range(n)]   # the ring works in either direction

    def hop(_, carry):
        total, travelling = carry
        travelling = jax.lax.ppermute(travelling, "i", leftward)
        return total + travelling, travelling

    total, _ = jax.lax.fori_loop(0, n - 1, hop, (block, block))
    return total
