# Misconception: a Trax layer can be called straight away, as many examples do.
def predict_classes(model, batch):
    return np.asarray(jnp.argmax(model(batch), axis=-1))
