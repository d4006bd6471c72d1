def steady_seconds(f, x, repeats=5):
    import statistics
    jax.block_until_ready(f(x))          # the compiling call, not timed
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        jax.block_until_ready(f(x))
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)
