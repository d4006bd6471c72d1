# Misconception: the batch axis stays where it was in the input (in_axes=1 -> axis 1 of the result).
prediction_1 = (3, 7)
prediction_2 = (3, 5)
prediction_3 = (6,)
