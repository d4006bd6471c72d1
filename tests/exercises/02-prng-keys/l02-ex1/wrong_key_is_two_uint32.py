# Misconception: every key is an array of two uint32 (true only of the legacy PRNGKey), so five keys are (5, 2).
prediction_1 = True
prediction_2 = True
prediction_3 = (5, 2)
prediction_4 = (5, 2)
