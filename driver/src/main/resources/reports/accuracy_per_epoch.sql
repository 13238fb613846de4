-- title: Test accuracy per epoch
-- description: Eval-mode test accuracy after each epoch, per configuration: the mean over seeds, with error bars of ± one standard deviation over the seeds (where there are two or more; min and max in the table). Hover a point for the trials behind it.
-- chart: line
-- x: epoch
-- y: test_accuracy
-- series: config
-- error: test_accuracy_sd
SELECT c.config, e.epoch, round(avg(e.test_accuracy), 4) AS test_accuracy, count(*) AS trials,
       round(stddev_samp(e.test_accuracy), 4) AS test_accuracy_sd,
       round(min(e.test_accuracy), 4) AS test_accuracy_min, round(max(e.test_accuracy), 4) AS test_accuracy_max
FROM epochs e JOIN configs c USING (run_id, trial_id)
GROUP BY c.config, e.epoch
ORDER BY c.config, e.epoch
