# Misconception: vmap batches a cond as a cond, computing only the branch each element needs.
claim_grad = False
claim_vmap_shape = True
claim_vmap_cond = True
claim_jit = True
