-- title: Mean |gradient| per layer and epoch
-- description: Mean absolute gradient of the batch-mean loss with respect to each activation's input (pre) on the probe batch, per epoch (0 = before training), averaged over seeds. Log scale: the magnitudes span decades.
-- chart: line
-- x: epoch
-- y: mean_abs_grad
-- series: series
-- yscale: log
SELECT concat(c.config, ' ', a.layer_name) AS series, a.epoch, avg(a.mean_abs_grad) AS mean_abs_grad
FROM activations a JOIN configs c USING (run_id, trial_id)
WHERE a.position = 'pre'
GROUP BY c.config, a.layer_name, a.epoch
ORDER BY series, a.epoch
