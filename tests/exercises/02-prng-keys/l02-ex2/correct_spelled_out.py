# A: split consumes, and the key was already used on line 1. B: legacy keys are not tracked.
# C: fold_in does not consume; the second sample from k0 is the reuse.
prediction_a = 1 + 1
prediction_b = int(False)
prediction_c = len(["line 1", "line 2", "line 3", "line 4"])
