# Misconception: plain Python arithmetic is fine; it returns a Python float, not a JAX array.
def mean_of(values):
    return sum(values) / len(values)
