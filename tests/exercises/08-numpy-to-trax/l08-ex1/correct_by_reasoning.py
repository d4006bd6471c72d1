# A layer computes with jax.numpy: JAX array out, float32 by default, last axis mapped.
returns_numpy = False
dtype_name = "float" + str(32)
out_shape = (3,)
prediction_1 = (returns_numpy, dtype_name, out_shape)
