-- title: Final test accuracy against learning rate
-- description: Per BN configuration (every setting that varies but lr and the seed), the mean final eval-mode test accuracy of the COMPLETED trials at each lr, with error bars of ± one standard deviation over the seeds (where there are two or more; min and max in the table). A configuration with DIVERGED trials also gets a dashed "diverged share" line on the same 0-1 axis: the share of its trials at that lr that DIVERGED (no accuracy point where all did). Log lr axis; only when the results hold more than one lr.
-- chart: line
-- x: lr
-- y: value
-- series: series
-- error: sd
-- xscale: log
-- ylabel: final test accuracy (or diverged share)
-- dashed: diverged share
WITH labelled AS (
  SELECT t.lr, t.status, t.final_test_accuracy,
         trim(regexp_replace(c.config, '(^| )lr=[^ ]+', '')) AS rest
  FROM trials t JOIN configs c USING (run_id, trial_id)
  WHERE (SELECT count(DISTINCT lr) FROM trials) > 1),
per_lr AS (
  SELECT CASE WHEN rest = '' THEN 'all' ELSE rest END AS setting, lr,
         count(*) AS trials,
         sum(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END) AS completed,
         sum(CASE WHEN status = 'DIVERGED' THEN 1 ELSE 0 END) AS diverged,
         avg(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END) AS acc_mean,
         stddev_samp(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END) AS acc_sd,
         min(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END) AS acc_min,
         max(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END) AS acc_max
  FROM labelled
  GROUP BY 1, lr)
SELECT setting AS series, setting, lr, trials, completed, diverged, round(acc_mean, 4) AS value,
       round(acc_sd, 4) AS sd, round(acc_min, 4) AS acc_min, round(acc_max, 4) AS acc_max
FROM per_lr
UNION ALL
SELECT concat(setting, ' diverged share'), setting, lr, trials, completed, diverged, round(diverged / trials, 4),
       NULL, NULL, NULL
FROM per_lr
WHERE setting IN (SELECT setting FROM per_lr WHERE diverged > 0)
ORDER BY series, lr
