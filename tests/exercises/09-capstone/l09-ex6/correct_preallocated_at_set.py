def train(step_fn, params, x, y, orders, batch_size):
    # Correct, though slower than a list: each .at[].set copies the whole losses array.
    xs, ys = jnp.asarray(x), jnp.asarray(y)
    n_batches = orders.shape[1] // batch_size
    losses = jnp.zeros(orders.shape[0] * n_batches)
    step = 0
    for order in orders:
        for idx in order[: n_batches * batch_size].reshape(n_batches, batch_size):
            params, loss = step_fn(params, xs[idx], ys[idx])
            losses = losses.at[step].set(loss)
            step += 1
    return params, losses
