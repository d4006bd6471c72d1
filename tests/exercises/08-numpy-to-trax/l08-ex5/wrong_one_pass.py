# Misconception: one pass over the data is enough; a training loop asks for a batch per step.
def batch_stream(x, y, batch_size):
    def examples():
        for i in range(len(x)):
            yield x[i], y[i]
    return trax.data.Serial(trax.data.Shuffle(queue_size=16), trax.data.Batch(batch_size),
                            trax.data.AddLossWeights())(examples())
