# Misconception: the loop evaluates at the end of run(); by default it evaluates every 100 steps.
def run_training(model, train_batches, eval_batches, n_steps):
    train_task = training.TrainTask(train_batches, tl.WeightedCategoryCrossEntropy(), trax.optimizers.Adam(0.01))
    eval_task = training.EvalTask(eval_batches, [tl.WeightedCategoryAccuracy()])
    loop = training.Loop(model, train_task, eval_tasks=[eval_task], output_dir=tempfile.mkdtemp())
    loop.run(n_steps)
    return loop
