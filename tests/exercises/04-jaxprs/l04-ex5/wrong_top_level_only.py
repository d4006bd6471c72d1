# Misconception: all of a function's constants are in the outer closed.consts (a nested jit keeps its own).
def captured_size(f, *args):
    closed = jax.make_jaxpr(f)(*args)
    return sum(int(np.size(c)) for c in closed.consts)
