# Misconception: jax.jit reuses the input's buffer for the output on its own; no donation needed.
def _sgd(params, grads, lr):
    return params - lr * grads

sgd_step = jax.jit(_sgd)

def train(params, grads_seq, lr):
    norms = []
    for g in grads_seq:
        params = sgd_step(params, g, lr)
        norms.append(float(jnp.linalg.norm(params)))
    return params, norms
