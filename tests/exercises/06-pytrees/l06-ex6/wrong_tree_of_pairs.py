# Misconception: one tree.map whose function returns a pair gives a pair of trees (it gives a tree of pairs).
def momentum_step(params, velocity, grads, lr, beta):
    def step(p, v, g):
        v_new = beta * v + g
        return p - lr * v_new, v_new
    return jax.tree.map(step, params, velocity, grads)
