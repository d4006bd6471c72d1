# Misconception (the seed's claim): jaxprs contain nothing about external variables, so no constvars.
prediction_invars = 1
prediction_constvars = 0
prediction_second = [3.0, 4.0, 5.0]
