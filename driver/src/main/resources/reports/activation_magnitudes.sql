-- title: Mean |activation| per layer, after the last epoch
-- description: Mean absolute activation before (pre: the BN output, or the conv/dense output where BN is excluded) and after (post) each activation function, on the fixed probe batch after the last epoch, averaged over seeds. Log scale: the magnitudes span decades.
-- chart: bar
-- x: site
-- y: mean_abs
-- series: config
-- yscale: log
SELECT c.config, concat(a.layer_name, ' ', a.position) AS site, round(avg(a.mean_abs), 5) AS mean_abs,
       round(avg(a.mean_sq), 5) AS mean_sq
FROM activations a JOIN trials t USING (run_id, trial_id) JOIN configs c USING (run_id, trial_id)
WHERE a.epoch = t.epochs_trained
GROUP BY c.config, a.layer, a.layer_name, a.position
ORDER BY c.config, a.layer, a.position DESC
