# Misconception: one fixed output_dir can serve every run; a new Loop restores what it finds there.
def run_training(model, train_batches, eval_batches, n_steps):
    train_task = training.TrainTask(train_batches, tl.WeightedCategoryCrossEntropy(),
                                    trax.optimizers.Adam(0.01), n_steps_per_checkpoint=n_steps)
    eval_task = training.EvalTask(eval_batches, [tl.WeightedCategoryAccuracy()])
    loop = training.Loop(model, train_task, eval_tasks=[eval_task], output_dir="trax_run")
    loop.run(n_steps)
    return loop
