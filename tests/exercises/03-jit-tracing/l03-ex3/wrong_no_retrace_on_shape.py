# Misconception: the first compiled program serves every call, so c also uses the old offset.
prediction_1 = 2.0
prediction_2 = 2.0
prediction_3 = 2.0
prediction_4 = True
