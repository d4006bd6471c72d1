# Misconception: donating every array argument is free; the caller's gradients are given away too.
def _sgd(params, grads, lr):
    return params - lr * grads

sgd_step = jax.jit(_sgd, donate_argnums=(0, 1))

def train(params, grads_seq, lr):
    norms = []
    for g in grads_seq:
        params = sgd_step(params, g, lr)
        norms.append(float(jnp.linalg.norm(params)))
    return params, norms
