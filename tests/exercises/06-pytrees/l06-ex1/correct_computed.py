prediction_1 = 2 + 0 + 2  # "w": two ints, "b": None has no leaf, "a": an int and one whole array
prediction_2 = [1 * 2, 1 * 2]
