# Misconception: every layer, the output layer included, ends with a ReLU; logits then cannot be negative.
def predict_one(params, x):
    for layer in params:
        x = jax.nn.relu(x @ layer["w"] + layer["b"])
    return x
