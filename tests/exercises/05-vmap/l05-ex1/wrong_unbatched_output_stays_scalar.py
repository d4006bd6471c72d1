# Misconception: an output that does not depend on the example comes back unbatched by default.
prediction_1 = (7, 3)
prediction_2 = (3, 5)
prediction_3 = ()
