def _sgd(params, grads, lr):
    return params - lr * grads

sgd_step = jax.jit(_sgd, donate_argnames="params")

def train(params, grads_seq, lr):
    params = params.copy()          # keep the caller's array alive: donate our own copy
    norms = []
    for grads in grads_seq:
        params = sgd_step(params, grads, lr)
        norms.append(jnp.sqrt(jnp.sum(params ** 2)).item())
    return params, norms
