# Misconception: a list is one leaf, so the lambda gets [1, 1] and `* 2` repeats it.
prediction_1 = 4
prediction_2 = [1, 1, 1, 1]
