-- title: Divergence map: where training blew up, by lr and BN layers
-- description: One row per model and BN configuration (config: the BN layers bn_exclude removed; none = BN in every block) and lr: the trials that DIVERGED out of those that finished, and where it happened first: the earliest diverged_step and, at it, the quantity (activation, loss, gradient or weight) and layer that first became NaN or infinite; all_sites lists every (quantity at layer) seen. Only when some trial diverged.
-- chart: bar
-- x: lr
-- y: diverged_fraction
-- series: config
SELECT concat(model, ' bn_exclude=', coalesce(nullif(array_join(bn_excluded, ','), ''), 'none')) AS config,
       min(bn_layers) AS bn_layers,
       lr,
       count(*) AS trials,
       sum(CASE WHEN status = 'DIVERGED' THEN 1 ELSE 0 END) AS diverged,
       round(avg(CASE WHEN status = 'DIVERGED' THEN 1 ELSE 0 END), 3) AS diverged_fraction,
       min(diverged_step) AS first_step,
       min_by(diverged_quantity, diverged_step) AS first_quantity,
       min_by(diverged_layer, diverged_step) AS first_layer,
       concat_ws('; ', sort_array(collect_set(concat(diverged_quantity, ' at ', diverged_layer)))) AS all_sites
FROM trials
WHERE status IN ('COMPLETED', 'DIVERGED') AND (SELECT count(*) FROM trials WHERE status = 'DIVERGED') > 0
GROUP BY model, bn_excluded, lr
ORDER BY model, 2 DESC, 1, 3
