# Misconception: a shape can be written as a list (it is a tuple of ints, what .shape returns).
prediction_1 = [7, 3]
prediction_2 = [3, 5]
prediction_3 = [6]
