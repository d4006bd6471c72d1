# Misconception: with check_vma=False shard_map still combines the devices' results into the global answer.
prediction_checked = True
prediction_unchecked = 16.0
prediction_pmax = 16.0
