# Misconception: the order of the steps does not matter; Shuffle after Batch only reorders whole batches.
def batch_stream(x, y, batch_size):
    def examples():
        while True:
            for i in range(len(x)):
                yield x[i], y[i]
    return trax.data.Serial(trax.data.Batch(batch_size), trax.data.Shuffle(queue_size=16),
                            trax.data.AddLossWeights())(examples())
