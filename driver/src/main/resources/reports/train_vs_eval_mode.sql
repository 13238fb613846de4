-- title: Test accuracy in train mode vs eval mode
-- description: Final test accuracy with BN using its running statistics (eval) and with each test batch's own statistics (train, as a PyTorch model left in train() mode), per configuration: the mean over the seeds of the COMPLETED trials, with error bars of ± one standard deviation (where there are two or more seeds).
-- chart: bar
-- x: config
-- y: accuracy
-- series: mode
-- error: sd
SELECT c.config, 'eval' AS mode, round(avg(t.final_test_accuracy), 4) AS accuracy,
       round(stddev_samp(t.final_test_accuracy), 4) AS sd, count(*) AS trials
FROM trials t JOIN configs c USING (run_id, trial_id) WHERE t.status = 'COMPLETED' GROUP BY c.config
UNION ALL
SELECT c.config, 'train' AS mode, round(avg(t.final_test_accuracy_train_mode), 4) AS accuracy,
       round(stddev_samp(t.final_test_accuracy_train_mode), 4) AS sd, count(*) AS trials
FROM trials t JOIN configs c USING (run_id, trial_id) WHERE t.status = 'COMPLETED' GROUP BY c.config
ORDER BY config, mode
