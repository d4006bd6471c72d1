# Misconception: float32 represents every integer exactly, so adding 1 is never lost.
prediction_1 = "float32"
prediction_2 = "int32"
prediction_3 = False
