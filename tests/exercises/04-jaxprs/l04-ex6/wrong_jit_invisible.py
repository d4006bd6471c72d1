# Misconception: jit, like grad and vmap, leaves no equation of its own in the jaxpr.
claim_grad = False
claim_vmap_shape = True
claim_vmap_cond = False
claim_jit = False
