# Misconception: np.random inside jit draws new numbers on every call.
prediction_1 = 2.0
prediction_2 = 11.0
prediction_3 = 2.0
prediction_4 = False
