def ensemble_predict(params, X):
    # models m, examples n, outputs k, features d
    return jnp.einsum("mkd,nd->mnk", params["W"], X) + params["b"]
