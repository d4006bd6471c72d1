# Misconception: fold_in consumes its key like split, so folding a second integer into the same key is a reuse.
prediction_a = 2
prediction_b = 0
prediction_c = 2
