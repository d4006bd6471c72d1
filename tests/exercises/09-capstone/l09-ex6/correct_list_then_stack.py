def train(step_fn, params, x, y, orders, batch_size):
    xs, ys = jnp.asarray(x), jnp.asarray(y)
    per_epoch = orders.shape[1] // batch_size
    recorded = []
    for e in range(orders.shape[0]):
        for b in range(per_epoch):
            idx = orders[e, b * batch_size:(b + 1) * batch_size]
            params, loss = step_fn(params, xs[idx], ys[idx])
            recorded.append(loss)
    return params, jnp.asarray(recorded)
