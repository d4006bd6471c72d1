# Misconception: `jnp.asarray(params)` makes a copy that survives donating params (it is the same object).
def _sgd(params, grads, lr):
    return params - lr * grads

sgd_step = jax.jit(_sgd, donate_argnums=0)

def train(params, grads_seq, lr):
    snapshots = []
    for g in grads_seq:
        params = sgd_step(params, g, lr)
        snapshots.append(jnp.asarray(params))
    return params, [float(jnp.linalg.norm(s)) for s in snapshots]
