prediction_invars = int(1)
prediction_constvars = 2 - 1     # table only; scale is a literal
prediction_second = [3, 4, 5]    # the stale trace: 2 * 1 + [1, 2, 3]
