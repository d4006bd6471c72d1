# Misconception: shuffling inputs and targets separately is shuffling the data; it breaks the pairs.
def batch_stream(x, y, batch_size):
    def examples():
        while True:
            xs = x[np.random.permutation(len(x))]
            ys = y[np.random.permutation(len(y))]
            for i in range(len(x)):
                yield xs[i], ys[i]
    return trax.data.Serial(trax.data.Batch(batch_size), trax.data.AddLossWeights())(examples())
