# Misconception: a Python for loop is recorded once, like a loop statement, instead of being unrolled.
prediction_names = ("sin", "mul", "add", "reduce_sum")
prediction_out_shape = ()
