# Misconception: P() means "give me the whole global array", whatever each device computed.
stats_out_specs = (P(), P(), P(), P())
