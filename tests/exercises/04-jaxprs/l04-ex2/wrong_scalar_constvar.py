# Misconception: a closed-over Python float becomes a constvar, like an array.
prediction_invars = 1
prediction_constvars = 2
prediction_second = [3.0, 4.0, 5.0]
