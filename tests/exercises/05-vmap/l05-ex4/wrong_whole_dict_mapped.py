# Misconception: in_axes=0 for the params dict maps only the weights (it maps every leaf, the bias too).
def ensemble_predict(params, X):
    over_examples = jax.vmap(predict_params, in_axes=(None, 0))
    return jax.vmap(over_examples, in_axes=(0, None))(params, X)
