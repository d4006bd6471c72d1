from collections import Counter

def count_primitives(closed):
    counts = Counter()
    stack = [closed]
    while stack:
        jaxpr = stack.pop()
        for eqn in jaxpr.eqns:
            counts[eqn.primitive.name] += 1
            for value in eqn.params.values():
                items = value if isinstance(value, (tuple, list)) else [value]
                stack.extend(item for item in items if hasattr(item, "eqns"))
    return dict(counts)
