def predict_one(params, x):
    h = x
    for i, layer in enumerate(params):
        h = jnp.dot(h, layer["w"]) + layer["b"]
        if i < len(params) - 1:           # hidden layers only
            h = jnp.maximum(h, 0.0)
    return h
