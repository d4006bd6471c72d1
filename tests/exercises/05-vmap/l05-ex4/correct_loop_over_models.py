def ensemble_predict(params, X):
    per_example = jax.vmap(predict_params, in_axes=(None, 0))
    return jnp.stack([per_example({"W": W_i, "b": params["b"]}, X) for W_i in params["W"]])
