# Misconception: Trax adds a batch axis to a single vector (or needs one), so the output is (1, 3).
prediction_1 = (False, "float32", (1, 3))
