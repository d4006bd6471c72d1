# Misconception: the position of "i" in the spec does not matter, only that it appears.
stats_out_specs = (P(), P(), P("i"), P(None, "i"))
