# Misconception: pmax is just a local max of the device's own block, like blk.max().
prediction_checked = True
prediction_unchecked = 2.0
prediction_pmax = 2.0
