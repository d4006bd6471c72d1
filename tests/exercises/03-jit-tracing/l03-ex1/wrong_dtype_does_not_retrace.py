# Misconception: only a new shape retraces; a new dtype (float32 -> int32) reuses the program.
prediction_1 = 2
prediction_2 = 6
