def lookup(table, idx, missing):
    valid = idx < table.shape[0]
    return jnp.where(valid, table[jnp.clip(idx, 0, table.shape[0] - 1)], missing)
