# Misconception: update the parameter dicts in place, as with NumPy arrays.
def momentum_step(params, velocity, grads, lr, beta):
    for k in params:
        velocity[k] = beta * velocity[k] + grads[k]
        params[k] = params[k] - lr * velocity[k]
    return params, velocity
