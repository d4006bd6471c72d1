base = (10, 20, 30, 40, 50)
prediction_1 = (10, 20 + 100, 30, 40, 50)      # index 7 dropped
prediction_2 = base[:4] + (50 + 2,)             # index 4 twice, index 6 dropped
prediction_3 = base[:4] + (50 + 3,)             # index 6 clipped onto 4
