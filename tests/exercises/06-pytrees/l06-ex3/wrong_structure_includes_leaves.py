# Misconception: a structure records the leaves' values or types (an int 0 is not an array), so they differ.
prediction_1 = "second"
prediction_2 = False
