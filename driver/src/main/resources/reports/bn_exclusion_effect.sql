-- title: Effect of excluding BN layers, paired by seed
-- description: For each BN exclusion, the difference in final test accuracy against the full-BN network with the same other settings and the same seed (negative: excluding hurts), with a 95% interval over seeds.
-- chart: bar
-- x: excluded
-- y: acc_diff_mean
-- series: setting
WITH pairs AS (
  SELECT coalesce(nullif(array_join(t.bn_excluded, ','), ''), 'none') AS excluded,
         regexp_replace(c.config, 'bn_exclude=[^ ]+ ?', '') AS setting,
         t.final_test_accuracy - b.final_test_accuracy AS diff
  FROM trials t JOIN configs c USING (run_id, trial_id)
  JOIN (SELECT t2.seed, c2.base_key, t2.final_test_accuracy
        FROM trials t2 JOIN configs c2 USING (run_id, trial_id)
        WHERE size(t2.bn_excluded) = 0 AND t2.status = 'COMPLETED') b
    ON b.base_key = c.base_key AND b.seed = t.seed
  WHERE size(t.bn_excluded) > 0 AND t.status = 'COMPLETED')
SELECT excluded,
       CASE WHEN setting = '' THEN 'all' ELSE setting END AS setting,
       count(*) AS seeds,
       round(avg(diff), 4) AS acc_diff_mean,
       round(avg(diff) - t_975(count(*) - 1) * stddev_samp(diff) / sqrt(count(*)), 4) AS ci95_low,
       round(avg(diff) + t_975(count(*) - 1) * stddev_samp(diff) / sqrt(count(*)), 4) AS ci95_high
FROM pairs
GROUP BY excluded, setting
ORDER BY setting, excluded
