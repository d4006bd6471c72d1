# Misconception: a dict's leaves come in the order the dict was written, so "w" gets the first leaf.
prediction_1 = "first"
prediction_2 = True
