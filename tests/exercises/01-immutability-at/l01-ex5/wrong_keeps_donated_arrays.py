# Misconception: an array stored in a list stays usable after it has been donated to the next step.
def _sgd(params, grads, lr):
    return params - lr * grads

sgd_step = jax.jit(_sgd, donate_argnums=0)

def train(params, grads_seq, lr):
    history = []
    for g in grads_seq:
        params = sgd_step(params, g, lr)
        history.append(params)
    norms = [float(jnp.linalg.norm(p)) for p in history]
    return params, norms
