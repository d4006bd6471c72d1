def captured_size(f, *args):
    total = 0
    todo = [jax.make_jaxpr(f)(*args)]
    while todo:
        closed = todo.pop()
        total += sum(np.asarray(c).size for c in getattr(closed, "consts", []))
        for eqn in closed.eqns:
            for value in eqn.params.values():
                for item in (value if isinstance(value, (tuple, list)) else [value]):
                    if hasattr(item, "eqns"):
                        todo.append(item)
    return int(total)
