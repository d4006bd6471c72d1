# Misconception: the arguments' values are baked into the jaxpr too.
def captured_size(f, *args):
    def size_in(closed):
        total = sum(int(np.size(c)) for c in getattr(closed, "consts", ()))
        for eqn in closed.eqns:
            for inner in inner_jaxprs(eqn):
                total += size_in(inner)
        return total

    return size_in(jax.make_jaxpr(f)(*args)) + sum(int(np.size(a)) for a in args)
