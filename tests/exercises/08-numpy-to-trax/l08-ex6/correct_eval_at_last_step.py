def run_training(model, train_batches, eval_batches, n_steps):
    directory = os.path.join(tempfile.mkdtemp(prefix="trax-"), "run")
    loop = training.Loop(
        model,
        training.TrainTask(train_batches, tl.WeightedCategoryCrossEntropy(), trax.optimizers.Adam(0.01)),
        eval_tasks=[training.EvalTask(eval_batches, [tl.WeightedCategoryAccuracy()], n_eval_batches=1)],
        output_dir=directory,
        eval_at=lambda step: step == n_steps,
    )
    loop.run(n_steps=n_steps)
    return loop
