# Misconception: like np.random, each call moves a hidden state forward, so the same key gives new numbers.
prediction_1 = False
prediction_2 = False
prediction_3 = (5,)
prediction_4 = (5, 2)
