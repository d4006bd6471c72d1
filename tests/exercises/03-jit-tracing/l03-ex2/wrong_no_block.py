# Misconception: a jitted call has finished its work when it returns (no block_until_ready).
def steady_seconds(f, x, repeats=5):
    f(x)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        f(x)
        best = min(best, time.perf_counter() - start)
    return best
