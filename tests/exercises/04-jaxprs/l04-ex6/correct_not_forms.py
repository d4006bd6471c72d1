claim_grad = not True
claim_vmap_shape = not False
claim_vmap_cond = bool(0)
claim_jit = bool(1)
