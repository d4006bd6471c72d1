# Misconception: init is harmless to call every time; it resets trained weights.
def predict_classes(model, batch):
    model.init(trax.shapes.signature(batch))
    return np.asarray(jnp.argmax(model(batch), axis=-1))
