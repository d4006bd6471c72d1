# Misconception: print is recorded in the jaxpr as an equation.
prediction_names = ("print", "sin", "mul", "add", "add", "reduce_sum")
prediction_out_shape = ()
