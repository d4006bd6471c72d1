# Misconception: scalars are baked in but arrays are held by reference, so the new table shows up.
prediction_invars = 1
prediction_constvars = 1
prediction_second = [12.0, 22.0, 32.0]
