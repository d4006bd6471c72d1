# Misconception: every nested jaxpr lives under params["jaxpr"] (true for jit and scan, not for cond or while).
def count_primitives(closed):
    counts = {}

    def walk(jaxpr):
        for eqn in jaxpr.eqns:
            counts[eqn.primitive.name] = counts.get(eqn.primitive.name, 0) + 1
            if "jaxpr" in eqn.params:
                walk(eqn.params["jaxpr"])

    walk(closed.jaxpr)
    return counts
