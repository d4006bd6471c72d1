# Misconception: the first call is as fast as the others (its trace and compile are timed too).
def steady_seconds(f, x, repeats=5):
    start = time.perf_counter()
    for _ in range(repeats):
        f(x).block_until_ready()
    return (time.perf_counter() - start) / repeats
