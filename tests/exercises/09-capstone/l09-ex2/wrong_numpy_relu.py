# Misconception: NumPy functions work on anything JAX passes in; under vmap/jit they get tracers.
def predict_one(params, x):
    *hidden, last = params
    for layer in hidden:
        x = np.maximum(x @ layer["w"] + layer["b"], 0.0)
    return x @ last["w"] + last["b"]
