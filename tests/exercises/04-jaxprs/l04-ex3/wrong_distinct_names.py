# Misconception: counting primitives means listing which primitives occur, not how many equations use each.
def count_primitives(closed):
    counts = {}

    def walk(jaxpr):
        for eqn in jaxpr.eqns:
            counts[eqn.primitive.name] = 1
            for inner in inner_jaxprs(eqn):
                walk(inner)

    walk(closed.jaxpr)
    return counts
