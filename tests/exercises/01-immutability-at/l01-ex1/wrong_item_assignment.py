# Misconception: a JAX array can be written into like a NumPy array (`img[0, :] = value`).
def set_border(img, value):
    img[0, :] = value
    img[-1, :] = value
    img[:, 0] = value
    img[:, -1] = value
    return img
