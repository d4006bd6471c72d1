# Misconception: a jitted function reads the current globals on every call.
prediction_invars = 1
prediction_constvars = 1
prediction_second = [15.0, 25.0, 35.0]
