# Misconception: the top-level equations are the whole program; nested jit/cond/loop jaxprs are opaque.
def count_primitives(closed):
    counts = {}
    for eqn in closed.jaxpr.eqns:
        counts[eqn.primitive.name] = counts.get(eqn.primitive.name, 0) + 1
    return counts
