# Misconception: transposing X fixes the axis, so in_axes=1 on X.T is right (it maps the rows of X).
def predict_columns(W, b, X):
    return jax.vmap(predict, in_axes=(None, None, 1), out_axes=1)(W, b, X.T)
