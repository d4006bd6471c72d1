# Misconception: tree.map updates params in place, so returning params returns the update.
def sgd_step(loss_fn, params, xs, ys, lr):
    loss, grads = jax.value_and_grad(loss_fn)(params, xs, ys)
    jax.tree.map(lambda p, g: p - lr * g, params, grads)
    return params, loss
