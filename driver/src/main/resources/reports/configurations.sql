-- title: Configurations: test accuracy over seeds
-- description: One row per configuration (every setting but the seed). Accuracy is the final eval-mode test accuracy of COMPLETED trials; the 95% interval is mean ± t(0.975, n-1) · sd / sqrt(n).
-- Views available: trials, epochs, steps, activations, histograms, bn_params, class_accuracy (one attempt per trial),
-- their *_all raw tables, and configs(run_id, trial_id, config, base_key): config names the settings that vary.
SELECT c.config,
       count(*) AS trials,
       sum(CASE WHEN t.status = 'COMPLETED' THEN 1 ELSE 0 END) AS completed,
       sum(CASE WHEN t.status = 'DIVERGED' THEN 1 ELSE 0 END) AS diverged,
       sum(CASE WHEN t.status = 'FAILED' THEN 1 ELSE 0 END) AS failed,
       round(avg(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy END), 4) AS acc_mean,
       round(stddev_samp(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy END), 4) AS acc_sd,
       round(avg(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy END)
             - t_975(sum(CASE WHEN t.status = 'COMPLETED' THEN 1 ELSE 0 END) - 1)
               * stddev_samp(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy END)
               / sqrt(sum(CASE WHEN t.status = 'COMPLETED' THEN 1 ELSE 0 END)), 4) AS ci95_low,
       round(avg(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy END)
             + t_975(sum(CASE WHEN t.status = 'COMPLETED' THEN 1 ELSE 0 END) - 1)
               * stddev_samp(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy END)
               / sqrt(sum(CASE WHEN t.status = 'COMPLETED' THEN 1 ELSE 0 END)), 4) AS ci95_high
FROM trials t JOIN configs c USING (run_id, trial_id)
GROUP BY c.config
ORDER BY c.config
