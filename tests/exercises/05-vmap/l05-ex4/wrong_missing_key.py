# Misconception: an in_axes dict only needs the keys that are mapped (it must match the whole dict).
def ensemble_predict(params, X):
    over_examples = jax.vmap(predict_params, in_axes=(None, 0))
    return jax.vmap(over_examples, in_axes=({"W": 0}, None))(params, X)
