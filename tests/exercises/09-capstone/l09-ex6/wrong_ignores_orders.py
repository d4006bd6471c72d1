# Misconception: batches can be taken in the data's own order; sorted data then gives one-class batches.
def train(step_fn, params, x, y, orders, batch_size):
    x, y = jnp.asarray(x), jnp.asarray(y)
    n_batches = orders.shape[1] // batch_size
    losses = []
    for _ in range(orders.shape[0]):
        for b in range(n_batches):
            params, loss = step_fn(params, x[b * batch_size:(b + 1) * batch_size],
                                   y[b * batch_size:(b + 1) * batch_size])
            losses.append(loss)
    return params, jnp.stack(losses)
