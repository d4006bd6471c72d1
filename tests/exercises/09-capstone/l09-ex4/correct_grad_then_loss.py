def sgd_step(loss_fn, params, xs, ys, lr):
    gradient = jax.grad(loss_fn, argnums=0)(params, xs, ys)
    current_loss = loss_fn(params, xs, ys)
    updated = jax.tree_util.tree_map(lambda p, g: p - g * lr, params, gradient)
    return updated, current_loss
