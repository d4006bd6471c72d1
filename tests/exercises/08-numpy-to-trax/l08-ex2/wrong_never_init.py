# Misconception: a Trax layer can be called straight away, as the blog post does.
def predict_classes(model, batch):
    return np.asarray(jnp.argmax(model(batch), axis=-1))
