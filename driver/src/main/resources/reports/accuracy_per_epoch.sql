-- title: Test accuracy per epoch
-- description: Eval-mode test accuracy after each epoch, per configuration, averaged over seeds.
-- chart: line
-- x: epoch
-- y: test_accuracy
-- series: config
SELECT c.config, e.epoch, round(avg(e.test_accuracy), 4) AS test_accuracy, count(*) AS trials
FROM epochs e JOIN configs c USING (run_id, trial_id)
GROUP BY c.config, e.epoch
ORDER BY c.config, e.epoch
