-- title: First layer's activation scale, before and after training
-- description: Mean |activation| entering the first activation function (pre: the BN output, or the conv/dense output where that BN is excluded) on the fixed probe batch, before training (epoch 0) and after the last epoch: how far each configuration's initialisation puts the first layer from unit scale, and whether BN brings it back (to about 0.8, the mean |x| of a standard normal). The mean over seeds with error bars of ± one standard deviation (where there are two or more seeds). Log scale.
-- chart: bar
-- x: config
-- y: mean_abs
-- series: stage
-- error: sd
-- yscale: log
SELECT c.config, CASE WHEN a.epoch = 0 THEN 'before training' ELSE 'after training' END AS stage,
       min(a.layer_name) AS layer, count(*) AS trials, avg(a.mean_abs) AS mean_abs,
       stddev_samp(a.mean_abs) AS sd, min(a.mean_abs) AS min_abs, max(a.mean_abs) AS max_abs
FROM activations a JOIN trials t USING (run_id, trial_id) JOIN configs c USING (run_id, trial_id)
WHERE a.layer = 1 AND a.position = 'pre' AND (a.epoch = 0 OR a.epoch = t.epochs_trained)
GROUP BY c.config, 2
ORDER BY c.config, 2 DESC
