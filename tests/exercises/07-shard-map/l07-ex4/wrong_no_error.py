# Misconception: out_specs=P() is always accepted; check_vma only matters at run time.
prediction_checked = False
prediction_unchecked = 2.0
prediction_pmax = 16.0
