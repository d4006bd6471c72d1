# Misconception: a parameter tree is a flat dict, so a comprehension over its keys covers every array.
def momentum_step(params, velocity, grads, lr, beta):
    new_velocity = {k: beta * velocity[k] + grads[k] for k in params}
    new_params = {k: params[k] - lr * new_velocity[k] for k in params}
    return new_params, new_velocity
