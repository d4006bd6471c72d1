# Misconception: the checker tracks every key, including legacy uint32 PRNGKeys.
prediction_a = 2
prediction_b = 2
prediction_c = 4
