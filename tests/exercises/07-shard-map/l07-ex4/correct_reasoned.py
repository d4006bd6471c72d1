prediction_checked = not False                 # P() promised for a value that varies: refused
prediction_unchecked = float(max([1.0, 2.0]))   # device 0's block is [1, 2]; its value is kept
prediction_pmax = float(2 * 8)                  # the global maximum, 16
