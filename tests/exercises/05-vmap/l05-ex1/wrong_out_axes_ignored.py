# Misconception: the batch always comes first in the result, whatever out_axes says.
prediction_1 = (7, 3)
prediction_2 = (5, 3)
prediction_3 = (6,)
