# Misconception: stacking layers is enough without a nonlinearity; the network is then one linear map.
def predict_one(params, x):
    for layer in params:
        x = x @ layer["w"] + layer["b"]
    return x
