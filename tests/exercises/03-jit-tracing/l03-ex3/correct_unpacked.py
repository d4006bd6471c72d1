# b reuses the first program (offset 1.0 baked in); c is a new shape, traced with offset 10.0;
# d goes back to the first program; np.random ran once, at trace time.
prediction_1, prediction_2, prediction_3, prediction_4 = 1.0 + 1.0, 1.0 + 10.0, 2.0, 1 == 1
