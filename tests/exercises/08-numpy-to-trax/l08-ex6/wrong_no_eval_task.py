# Misconception: the TrainTask reports accuracy too; only an EvalTask runs metrics.
def run_training(model, train_batches, eval_batches, n_steps):
    train_task = training.TrainTask(train_batches, tl.WeightedCategoryCrossEntropy(),
                                    trax.optimizers.Adam(0.01), n_steps_per_checkpoint=n_steps)
    loop = training.Loop(model, train_task, output_dir=tempfile.mkdtemp())
    loop.run(n_steps)
    return loop
