# Misconception: the inner vmap's axis comes first in the result (it is the outer one's).
def ensemble_predict(params, X):
    over_models = jax.vmap(predict_params, in_axes=({"W": 0, "b": None}, None))
    return jax.vmap(over_models, in_axes=(None, 0))(params, X)
