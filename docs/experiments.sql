-- The queries behind docs/experiments.md. Run them all with:
--   bin/normsweep sql --results results/experiments --max-rows 100 -f docs/experiments.sql

-- seed 000 (3 seeds): accuracy and training loss per epoch, BN vs plain, mean and sd over seeds
SELECT t.bn_layers, e.epoch, count(*) AS seeds, round(avg(e.train_loss), 4) AS train_loss,
       round(avg(e.test_accuracy), 4) AS test_acc, round(stddev_samp(e.test_accuracy), 4) AS sd
FROM trials t JOIN epochs e USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed000-bn-vs-plain') GROUP BY 1, 2 ORDER BY 1, 2;

-- seed 000: BN's gain in test accuracy per epoch, paired by seed (BN-LeNet minus plain LeNet, same seed)
SELECT b.epoch, count(*) AS seeds, round(avg(b.test_accuracy - p.test_accuracy), 4) AS bn_gain,
       round(stddev_samp(b.test_accuracy - p.test_accuracy), 4) AS sd, round(min(b.test_accuracy - p.test_accuracy), 4) AS smallest
FROM (SELECT t.seed, e.epoch, e.test_accuracy FROM trials t JOIN epochs e USING (run_id, trial_id)
      WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed000-bn-vs-plain') AND t.bn_layers = 4) b
JOIN (SELECT t.seed, e.epoch, e.test_accuracy FROM trials t JOIN epochs e USING (run_id, trial_id)
      WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed000-bn-vs-plain') AND t.bn_layers = 0) p
  ON b.seed = p.seed AND b.epoch = p.epoch
GROUP BY 1 ORDER BY 1;

-- seed 000 per seed: training loss and test accuracy per epoch (the DL4J side of the PyTorch comparison)
SELECT t.bn_layers, t.seed, e.epoch, round(e.train_loss, 4) AS train_loss, round(e.test_accuracy, 4) AS test_acc
FROM trials t JOIN epochs e USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed000-bn-vs-plain') ORDER BY 1, 2, 3;

-- seed 000: mean training loss over the first steps (how fast each starts to learn), per seed
SELECT t.bn_layers, t.seed, floor(s.step / 100) * 100 AS from_step, round(avg(s.loss), 3) AS mean_loss
FROM trials t JOIN steps s USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed000-bn-vs-plain') AND s.step < 1000
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- seed 000: activation and gradient magnitudes at each sigmoid, before training and after the last epoch (seed 42)
SELECT t.bn_layers, a.epoch, a.layer_name, a.position, round(a.mean_abs, 4) AS mean_abs,
       round(a.saturated_fraction, 3) AS saturated, a.mean_abs_grad
FROM trials t JOIN activations a USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed000-bn-vs-plain') AND t.seed = 42
  AND a.epoch IN (0, t.epochs_trained) ORDER BY 1, 2, a.layer, 4 DESC;

-- seed 000: gradient reaching conv1 and fc2 (pre) before training, every seed
SELECT t.bn_layers, t.seed, a.layer_name, a.mean_abs_grad
FROM trials t JOIN activations a USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed000-bn-vs-plain') AND a.epoch = 0
  AND a.position = 'pre' AND a.layer IN (1, 4) ORDER BY 1, 2, 3;

-- seed 001 Q1, full grid (3 seeds, 10 epochs): bias removal before BN, mean over seeds, then per seed (the 'none'
-- trials are Q2's lr 0.1 BN trials: same settings, reused)
SELECT bias_removal, count(*) AS seeds, round(avg(final_test_accuracy), 4) AS acc, round(stddev_samp(final_test_accuracy), 4) AS sd,
       round(avg(final_train_loss), 6) AS loss
FROM trials WHERE trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q1-bias-removal') GROUP BY 1 ORDER BY 1;

SELECT bias_removal, seed, final_test_accuracy, final_train_loss FROM trials
WHERE trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q1-bias-removal') ORDER BY 2, 1;

-- seed 001 Q2, full grid (10 epochs; seeds as far as run): final accuracy per lr, with and without BN
SELECT lr, bn_layers, count(*) AS seeds, sum(CASE WHEN status = 'COMPLETED' THEN 0 ELSE 1 END) AS not_completed,
       round(avg(final_test_accuracy), 4) AS test_acc, round(stddev_samp(final_test_accuracy), 4) AS sd,
       round(min(final_test_accuracy), 4) AS lowest, round(avg(final_train_loss), 4) AS train_loss
FROM trials WHERE trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q2-learning-rates')
GROUP BY 1, 2 ORDER BY 2, 1;

-- seed 001 Q2, full grid: test accuracy and training loss per epoch, per lr and BN (mean over seeds; the
-- DL4J side of the PyTorch comparison)
SELECT t.lr, t.bn_layers, e.epoch, count(*) AS seeds, round(avg(e.train_loss), 4) AS train_loss,
       round(avg(e.test_accuracy), 4) AS test_acc
FROM trials t JOIN epochs e USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q2-learning-rates') GROUP BY 1, 2, 3 ORDER BY 2, 1, 3;

-- seed 001 Q3, full grid (5 seeds x epochs {2, 4, 8}): accuracy per excluded layer and epoch count
SELECT coalesce(nullif(array_join(bn_excluded, ','), ''), 'none') AS excluded, epochs, count(*) AS seeds,
       round(avg(final_test_accuracy), 4) AS test_acc, round(stddev_samp(final_test_accuracy), 4) AS sd
FROM trials WHERE sweep = 'seed001-q3-bn-exclusion' GROUP BY 1, 2 ORDER BY 2, 1;

-- seed 001 Q3, full grid: the drop from excluding each layer, paired by seed (same seed, all BN layers kept)
SELECT coalesce(nullif(array_join(x.bn_excluded, ','), ''), 'none') AS excluded, x.epochs,
       round(avg(x.final_test_accuracy - b.final_test_accuracy), 4) AS diff,
       round(stddev_samp(x.final_test_accuracy - b.final_test_accuracy), 4) AS sd,
       sum(CASE WHEN x.final_test_accuracy < b.final_test_accuracy THEN 1 ELSE 0 END) AS seeds_worse
FROM trials x JOIN trials b ON x.seed = b.seed AND x.epochs = b.epochs AND size(b.bn_excluded) = 0
WHERE x.sweep = 'seed001-q3-bn-exclusion' AND b.sweep = 'seed001-q3-bn-exclusion' AND size(x.bn_excluded) = 1
GROUP BY 1, 2 ORDER BY 2, 1;

-- seed 001 Q3, full grid: mean squared activation at each BN position after 8 epochs
SELECT coalesce(nullif(array_join(t.bn_excluded, ','), ''), 'none') AS excluded,
       round(avg(CASE WHEN a.layer = 1 THEN a.mean_sq END), 3) AS bn1_pos,
       round(avg(CASE WHEN a.layer = 2 THEN a.mean_sq END), 3) AS bn2_pos,
       round(avg(CASE WHEN a.layer = 3 THEN a.mean_sq END), 3) AS bn3_pos,
       round(avg(CASE WHEN a.layer = 4 THEN a.mean_sq END), 3) AS bn4_pos
FROM trials t JOIN activations a USING (run_id, trial_id)
WHERE t.sweep = 'seed001-q3-bn-exclusion' AND t.epochs = 8 AND a.position = 'pre' AND a.epoch = 8
GROUP BY 1 ORDER BY 1;

-- seed 001 Q4, full grid (3 seeds, 10 epochs): lite BN variants on the from-scratch layer, mean over seeds
SELECT bn_variant, count(*) AS seeds, sum(CASE WHEN status = 'COMPLETED' THEN 0 ELSE 1 END) AS not_completed,
       round(avg(final_test_accuracy), 4) AS test_acc, round(stddev_samp(final_test_accuracy), 4) AS sd,
       round(min(final_test_accuracy), 4) AS lowest, round(avg(final_train_loss), 4) AS train_loss
FROM trials WHERE trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q4-lite-bn')
GROUP BY 1 ORDER BY test_acc DESC;

-- seed 001 Q4: each variant minus full BN, paired by seed (final test accuracy)
SELECT x.bn_variant, count(*) AS seeds, round(avg(x.final_test_accuracy - f.final_test_accuracy), 4) AS diff,
       round(stddev_samp(x.final_test_accuracy - f.final_test_accuracy), 4) AS sd,
       sum(CASE WHEN x.final_test_accuracy < f.final_test_accuracy THEN 1 ELSE 0 END) AS seeds_worse
FROM trials x JOIN trials f ON x.seed = f.seed AND f.bn_variant = 'full'
WHERE x.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q4-lite-bn')
  AND f.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q4-lite-bn') AND x.bn_variant <> 'full'
GROUP BY 1 ORDER BY diff DESC;

-- seed 001 Q4: test accuracy per epoch, mean over seeds (sd)
SELECT t.bn_variant, e.epoch, count(*) AS seeds, round(avg(e.test_accuracy), 4) AS test_acc,
       round(stddev_samp(e.test_accuracy), 4) AS sd, round(avg(e.train_loss), 4) AS train_loss
FROM trials t JOIN epochs e USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q4-lite-bn') AND e.epoch IN (1, 2, 5, 10)
GROUP BY 1, 2 ORDER BY 1, 2;

-- seed 001 Q4: mean squared activation at each BN position (the sigmoid's input) after the last epoch, mean over seeds
SELECT t.bn_variant,
       round(avg(CASE WHEN a.layer = 1 THEN a.mean_sq END), 3) AS bn1_pos,
       round(avg(CASE WHEN a.layer = 2 THEN a.mean_sq END), 3) AS bn2_pos,
       round(avg(CASE WHEN a.layer = 3 THEN a.mean_sq END), 3) AS bn3_pos,
       round(avg(CASE WHEN a.layer = 4 THEN a.mean_sq END), 3) AS bn4_pos
FROM trials t JOIN activations a USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q4-lite-bn') AND a.position = 'pre'
  AND a.epoch = t.epochs_trained
GROUP BY 1 ORDER BY 1;

-- seed 001 Q5, full grid (5 seeds, 10 epochs): accuracy per epoch, mean and sd over seeds
SELECT t.bn_variant, e.epoch, count(*) AS seeds, round(avg(e.test_accuracy), 4) AS test_acc,
       round(stddev_samp(e.test_accuracy), 4) AS sd
FROM trials t JOIN epochs e USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q5-affine') GROUP BY 1, 2 ORDER BY 1, 2;

-- seed 001 Q5, full grid: affine minus affine=False per epoch, paired by seed
SELECT f.epoch, count(*) AS seeds, round(avg(f.test_accuracy - n.test_accuracy), 4) AS affine_gain,
       round(stddev_samp(f.test_accuracy - n.test_accuracy), 4) AS sd,
       sum(CASE WHEN f.test_accuracy > n.test_accuracy THEN 1 ELSE 0 END) AS seeds_affine_ahead
FROM (SELECT t.seed, e.epoch, e.test_accuracy FROM trials t JOIN epochs e USING (run_id, trial_id)
      WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q5-affine') AND t.bn_variant = 'full') f
JOIN (SELECT t.seed, e.epoch, e.test_accuracy FROM trials t JOIN epochs e USING (run_id, trial_id)
      WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q5-affine') AND t.bn_variant = 'no_affine') n
  ON f.seed = n.seed AND f.epoch = n.epoch
GROUP BY 1 ORDER BY 1;

-- seed 001 Q5, full grid: learned gamma and beta per BN layer after epoch 10 (mean over seeds of each layer's
-- mean and sd; extremes over all seeds)
SELECT p.layer, count(*) AS seeds, round(avg(p.gamma_mean), 3) AS gamma_mean, round(avg(p.gamma_std), 3) AS gamma_sd,
       round(min(p.gamma_min), 3) AS gamma_min, round(max(p.gamma_max), 3) AS gamma_max,
       round(avg(p.beta_mean), 3) AS beta_mean, round(avg(p.beta_std), 3) AS beta_sd,
       round(min(p.beta_min), 3) AS beta_min, round(max(p.beta_max), 3) AS beta_max
FROM trials t JOIN bn_params p USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed001-q5-affine') AND t.bn_variant = 'full'
  AND p.epoch = t.epochs_trained
GROUP BY 1 ORDER BY 1;

-- seed 002, full grid (seed 42, at most 100 epochs): initialisers with and without BN (early stopping on a 20%
-- validation split)
SELECT weight_init, bn_layers, status, epochs_trained, reported_epoch, round(final_test_accuracy, 4) AS test_acc
FROM trials WHERE trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed002-initializers') ORDER BY 1, 2;

-- seed 002: first layer before and after training (std of the BN position, and after ReLU: the share at 0)
SELECT t.weight_init, t.bn_layers, a.epoch, a.position, round(a.std, 4) AS std, round(a.mean_abs, 4) AS mean_abs,
       round(a.saturated_fraction, 3) AS relu_at_0
FROM trials t JOIN activations a USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed002-initializers') AND a.layer = 1
  AND (a.epoch = 0 OR a.epoch = t.epochs_trained) ORDER BY 1, 2, 3, 4 DESC;

-- seed 002: test accuracy and validation loss at epochs 1, 5, 10, 20, 40
SELECT t.weight_init, t.bn_layers, e.epoch, round(e.test_accuracy, 4) AS test_acc, round(e.val_loss, 4) AS val_loss
FROM trials t JOIN epochs e USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed002-initializers') AND e.epoch IN (1, 5, 10, 20, 40)
ORDER BY 1, 2, 3;

-- seed 003, full grid (3 seeds, 10 epochs): from-scratch BN vs DL4J's layer, per seed, and which kernels ran each
SELECT bn_impl, seed, round(final_test_accuracy, 4) AS acc, round(final_train_loss, 5) AS loss, kernel_path
FROM trials WHERE trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed003-scratch-vs-builtin') ORDER BY 2, 1;

-- seed 004, full grid (3 seeds): test accuracy in eval mode (running statistics) vs train mode (batch statistics)
SELECT t.bn_layers, e.epoch, count(*) AS seeds, round(avg(e.test_accuracy), 4) AS eval_mode,
       round(avg(e.test_accuracy_train_mode), 4) AS train_mode, round(avg(e.test_accuracy_train_mode - e.test_accuracy), 4) AS diff,
       round(stddev_samp(e.test_accuracy), 4) AS sd
FROM trials t JOIN epochs e USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed004-mlp-train-vs-eval') GROUP BY 1, 2 ORDER BY 1, 2;

-- seed 004: per-class accuracy after the last epoch
SELECT t.bn_layers, c.mode, c.label, round(c.accuracy, 3) AS accuracy
FROM trials t JOIN class_accuracy c USING (run_id, trial_id)
WHERE t.trial_id IN (SELECT trial_id FROM plans_all WHERE sweep = 'seed004-mlp-train-vs-eval') AND c.epoch = t.epochs_trained
  AND t.seed = 1 ORDER BY 2, 3, 1;

-- the runs behind this document: trials, wall time from the first start to the last end, and the trials' own time
SELECT sweep, run_id, count(*) AS trials, round((max(unix_timestamp(ended_at)) - min(unix_timestamp(started_at))) / 60, 1) AS wall_min,
       round(sum(wall_seconds)) AS trials_s, min(kernel_path) AS kernel_path, max(kernel_path) AS kernel_path_2
FROM trials_all GROUP BY 1, 2 ORDER BY min(started_at);
