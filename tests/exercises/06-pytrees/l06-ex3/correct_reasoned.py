# sorted keys: "b" gets the first leaf, "w" the second; structure ignores insertion order and leaf values
prediction_1 = ["first", "second"][sorted(["w", "b"]).index("w")]
prediction_2 = sorted({"b": 0, "w": 0}) == sorted({"w": None, "b": None})
