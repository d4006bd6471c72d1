# Misconception: grad is recorded as a primitive in the jaxpr, like jit.
claim_grad = True
claim_vmap_shape = True
claim_vmap_cond = False
claim_jit = True
