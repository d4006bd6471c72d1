# Misconception: a jitted function reads globals when it is called, as NumPy code does.
prediction_1 = 11.0
prediction_2 = 11.0
prediction_3 = 11.0
prediction_4 = True
