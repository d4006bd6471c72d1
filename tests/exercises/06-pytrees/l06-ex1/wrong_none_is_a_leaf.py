# Misconception: None counts as a leaf (it is an empty container with no leaf).
prediction_1 = 5
prediction_2 = [2, 2]
