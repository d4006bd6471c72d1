prediction_read = len(range(5)) - 1          # clamped to the last element
prediction_write = list(range(5))            # the write is dropped
prediction_mixed = "JAX".lower()
