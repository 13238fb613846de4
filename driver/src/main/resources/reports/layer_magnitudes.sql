-- title: Activation and gradient magnitude per layer and epoch
-- description: For the layer chosen above the chart, the mean |activation| entering the activation function (pre: the BN output, or the conv/dense output where BN is excluded) and the mean |gradient| of the batch-mean loss there, on the probe batch per epoch (0 = before training), averaged over seeds. Log scale.
-- chart: line
-- x: epoch
-- y: magnitude
-- series: series
-- select: layer
-- yscale: log
SELECT a.layer_name AS layer, concat(c.config, ' |activation|') AS series, c.config, a.epoch,
       avg(a.mean_abs) AS magnitude
FROM activations a JOIN configs c USING (run_id, trial_id)
WHERE a.position = 'pre'
GROUP BY a.layer, a.layer_name, c.config, a.epoch
UNION ALL
SELECT a.layer_name AS layer, concat(c.config, ' |gradient|') AS series, c.config, a.epoch,
       avg(a.mean_abs_grad) AS magnitude
FROM activations a JOIN configs c USING (run_id, trial_id)
WHERE a.position = 'pre'
GROUP BY a.layer, a.layer_name, c.config, a.epoch
ORDER BY layer, series, epoch
