# asarray: no conversion needed, same object. array: always a copy. The copy ignores later NumPy writes.
prediction_asarray = not False
prediction_array = not True
prediction_after_write = float(1)
