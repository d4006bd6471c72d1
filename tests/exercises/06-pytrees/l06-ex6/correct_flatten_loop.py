def momentum_step(params, velocity, grads, lr, beta):
    p_leaves, treedef = jax.tree.flatten(params)
    v_leaves = treedef.flatten_up_to(velocity)
    g_leaves = treedef.flatten_up_to(grads)
    new_v = [beta * v + g for v, g in zip(v_leaves, g_leaves)]
    new_p = [p - lr * v for p, v in zip(p_leaves, new_v)]
    return jax.tree.unflatten(treedef, new_p), jax.tree.unflatten(treedef, new_v)
