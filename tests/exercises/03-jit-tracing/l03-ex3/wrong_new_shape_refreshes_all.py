# Misconception: a stale global lasts only "until the shape/dtype changes", then the new value holds for all calls.
prediction_1 = 2.0
prediction_2 = 11.0
prediction_3 = 11.0
prediction_4 = True
