# Misconception: step_fn updates params in place; its returned parameters are dropped.
def train(step_fn, params, x, y, orders, batch_size):
    x, y = jnp.asarray(x), jnp.asarray(y)
    n_batches = orders.shape[1] // batch_size
    losses = []
    for order in orders:
        for b in range(n_batches):
            idx = order[b * batch_size:(b + 1) * batch_size]
            new_params, loss = step_fn(params, x[idx], y[idx])
            losses.append(loss)
    return params, jnp.stack(losses)
