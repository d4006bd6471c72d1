import itertools

def batch_stream(x, y, batch_size):
    pairs = itertools.cycle(zip(x, y))              # endless, and x[i] stays with y[i]
    steps = [trax.data.Shuffle(queue_size=4 * batch_size),
             trax.data.Batch(batch_size=batch_size),
             trax.data.AddLossWeights()]
    return trax.data.Serial(*steps)(pairs)
