def predict_columns(W, b, X):
    # The NumPy way: rewrite the computation for a batch of columns.
    return W @ X + b[:, None]
