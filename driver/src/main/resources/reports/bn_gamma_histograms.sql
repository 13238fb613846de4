-- title: Learned gamma per BN layer (histogram, last epoch)
-- description: Every gamma value of every BN layer after the last epoch, in bins of 0.05, summed over seeds. Gamma starts at 1.
-- chart: bar
-- x: bin
-- y: values
-- series: series
SELECT concat(c.config, ' bn', cast(p.layer AS string)) AS series,
       round(floor(g / 0.05) * 0.05, 2) AS bin, count(*) AS values
FROM bn_params p JOIN trials t USING (run_id, trial_id) JOIN configs c USING (run_id, trial_id)
LATERAL VIEW explode(p.gamma) AS g
WHERE p.epoch = t.epochs_trained
GROUP BY c.config, p.layer, floor(g / 0.05)
ORDER BY series, bin
