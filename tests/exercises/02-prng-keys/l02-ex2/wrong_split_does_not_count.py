# Misconception: split makes fresh keys, so splitting a key after sampling from it is not a reuse.
prediction_a = 0
prediction_b = 0
prediction_c = 4
