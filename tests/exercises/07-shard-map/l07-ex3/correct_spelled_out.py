stats_out_specs = (
    P(),          # total: a scalar, the same on every device
    P(None),      # col_means: not cut, the same on every device
    P(("i",)),    # row_max: one piece per device, glued along dimension 0
    P("i"),       # centred: rows glued back in order (trailing None left out)
)
