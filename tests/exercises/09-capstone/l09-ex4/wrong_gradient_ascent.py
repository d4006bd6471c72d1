# Misconception: a step goes along the gradient; that climbs the loss instead of descending.
def sgd_step(loss_fn, params, xs, ys, lr):
    loss, grads = jax.value_and_grad(loss_fn)(params, xs, ys)
    return jax.tree.map(lambda p, g: p + lr * g, params, grads), loss
