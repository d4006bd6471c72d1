# Misconception: inside shard_map everything is sharded, so every output gets P("i").
stats_out_specs = (P("i"), P("i"), P("i"), P("i", None))
