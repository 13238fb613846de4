-- title: Saturated units per layer and epoch
-- description: Fraction of saturated activation outputs on the probe batch (sigmoid outputs below 0.05 or above 0.95; ReLU outputs equal to 0), per epoch, averaged over seeds.
-- chart: line
-- x: epoch
-- y: saturated_fraction
-- series: series
SELECT concat(c.config, ' ', a.layer_name) AS series, a.epoch, round(avg(a.saturated_fraction), 4) AS saturated_fraction
FROM activations a JOIN configs c USING (run_id, trial_id)
WHERE a.position = 'post'
GROUP BY c.config, a.layer_name, a.epoch
ORDER BY series, a.epoch
