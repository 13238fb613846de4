-- title: Final test accuracy per configuration
-- description: The mean final eval-mode test accuracy of each configuration's COMPLETED trials (every setting but the seed), with error bars of ± one standard deviation over the seeds (where there are two or more; min and max in the table). Where the BN exclusion varies beside other settings, the bars are grouped by those settings, one colour per BN configuration.
-- chart: bar
-- x: setting
-- y: acc_mean
-- series: bn
-- error: acc_sd
-- ylabel: final test accuracy
WITH labelled AS (
  SELECT c.config, t.status, t.final_test_accuracy,
         regexp_extract(c.config, '(^| )(bn_exclude=[^ ]+)', 2) AS bn_part,
         trim(regexp_replace(c.config, '(^| )bn_exclude=[^ ]+', '')) AS rest
  FROM trials t JOIN configs c USING (run_id, trial_id))
SELECT CASE WHEN bn_part <> '' AND rest <> '' THEN rest ELSE config END AS setting,
       CASE WHEN bn_part <> '' AND rest <> '' THEN bn_part ELSE 'test accuracy' END AS bn,
       config,
       count(*) AS trials,
       sum(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END) AS completed,
       round(avg(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END), 4) AS acc_mean,
       round(stddev_samp(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END), 4) AS acc_sd,
       round(min(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END), 4) AS acc_min,
       round(max(CASE WHEN status = 'COMPLETED' THEN final_test_accuracy END), 4) AS acc_max
FROM labelled
GROUP BY config, bn_part, rest
ORDER BY setting, bn
