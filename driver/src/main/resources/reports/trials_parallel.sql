-- title: Every trial: varying settings against final accuracy
-- description: One line per trial across the settings that vary (trial_settings) to its final eval-mode test accuracy, coloured by status. Drag along any axis to keep only the trials inside a range; the trials kept are listed below the chart.
-- chart: parallel
-- id: trial_id
-- color: status
-- hide: run_id
SELECT s.*, t.status, t.final_test_accuracy
FROM trial_settings s JOIN trials t USING (run_id, trial_id)
ORDER BY t.trial_id
