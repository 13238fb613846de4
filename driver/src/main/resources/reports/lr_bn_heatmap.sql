-- title: Mean accuracy and DIVERGED share over lr and BN exclusion
-- description: Per learning rate and excluded BN layers (over every other setting and the seeds): the mean final test accuracy of COMPLETED trials and the share of trials that DIVERGED. The selector switches between the two.
-- chart: heatmap
-- x: lr
-- y: bn_exclude
-- values: acc_mean, diverged_share
SELECT t.lr, coalesce(nullif(array_join(t.bn_excluded, ','), ''), 'none') AS bn_exclude, count(*) AS trials,
       round(avg(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy END), 4) AS acc_mean,
       round(avg(CASE WHEN t.status = 'DIVERGED' THEN 1.0 ELSE 0.0 END), 4) AS diverged_share
FROM trials t
GROUP BY t.lr, coalesce(nullif(array_join(t.bn_excluded, ','), ''), 'none')
ORDER BY t.lr, bn_exclude
