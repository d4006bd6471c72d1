# Misconception: `.at[...].set(...)` changes the array in place, so its result need not be kept.
def set_border(img, value):
    img.at[0, :].set(value)
    img.at[-1, :].set(value)
    img.at[:, 0].set(value)
    img.at[:, -1].set(value)
    return img
