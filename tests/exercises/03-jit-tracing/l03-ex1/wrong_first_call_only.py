# Misconception: side effects happen on the first call only (new shapes and dtypes do not retrace).
prediction_1 = 1
prediction_2 = 6
