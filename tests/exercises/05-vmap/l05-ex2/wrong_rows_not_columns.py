# Misconception: in_axes=0 always means "the examples" (here it maps the rows of X, not the columns).
def predict_columns(W, b, X):
    return jax.vmap(predict, in_axes=(None, None, 0), out_axes=1)(W, b, X)
