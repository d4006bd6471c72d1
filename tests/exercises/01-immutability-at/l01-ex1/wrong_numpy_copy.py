# Misconception: to change a JAX array, copy it into NumPy, write there, and hand back the NumPy array.
def set_border(img, value):
    out = np.array(img)
    out[0, :] = value
    out[-1, :] = value
    out[:, 0] = value
    out[:, -1] = value
    return out
