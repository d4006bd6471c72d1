# One example's output is (3,); the batch axis goes where out_axes says.
prediction_1 = (7,) + (3,)          # batch of 7 first (default out_axes=0)
prediction_2 = tuple([3, 5])        # out_axes=1 puts the 5 models after the 3 outputs
prediction_3 = (6,)                 # the norm is repeated once per example
