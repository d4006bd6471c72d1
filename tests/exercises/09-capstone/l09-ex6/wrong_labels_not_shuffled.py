# Misconception: only the inputs need shuffling; the labels then no longer match their inputs.
def train(step_fn, params, x, y, orders, batch_size):
    x, y = jnp.asarray(x), jnp.asarray(y)
    n_batches = orders.shape[1] // batch_size
    losses = []
    for order in orders:
        for b in range(n_batches):
            idx = order[b * batch_size:(b + 1) * batch_size]
            params, loss = step_fn(params, x[idx], y[b * batch_size:(b + 1) * batch_size])
            losses.append(loss)
    return params, jnp.stack(losses)
