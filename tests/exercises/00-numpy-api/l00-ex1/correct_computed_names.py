prediction_1 = jnp.dtype("float32").name
prediction_2 = "int" + "32"
prediction_3 = bool(np.float32(2**24) + np.float32(1) == np.float32(2**24))
