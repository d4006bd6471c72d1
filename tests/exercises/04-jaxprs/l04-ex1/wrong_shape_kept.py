# Misconception: the output keeps the input's shape (3,), although .sum() reduces it to a scalar.
prediction_names = ("sin", "mul", "add", "add", "reduce_sum")
prediction_out_shape = (3,)
