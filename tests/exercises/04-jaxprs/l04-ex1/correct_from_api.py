# sin, then the literal multiply, then one add per loop pass, then the reduction
prediction_names = tuple(["sin", "mul"] + ["add"] * 2 + ["reduce_sum"])
prediction_out_shape = tuple()
