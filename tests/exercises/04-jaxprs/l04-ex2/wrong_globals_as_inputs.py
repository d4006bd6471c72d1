# Misconception: globals the function reads become extra inputs of the jaxpr.
prediction_invars = 3
prediction_constvars = 1
prediction_second = [3.0, 4.0, 5.0]
