-- title: Test accuracy in train mode vs eval mode
-- description: Final test accuracy with BN using its running statistics (eval) and with each test batch's own statistics (train, as a PyTorch model left in train() mode), per configuration, averaged over seeds.
-- chart: bar
-- x: config
-- y: accuracy
-- series: mode
SELECT c.config, 'eval' AS mode, round(avg(t.final_test_accuracy), 4) AS accuracy
FROM trials t JOIN configs c USING (run_id, trial_id) WHERE t.status = 'COMPLETED' GROUP BY c.config
UNION ALL
SELECT c.config, 'train' AS mode, round(avg(t.final_test_accuracy_train_mode), 4) AS accuracy
FROM trials t JOIN configs c USING (run_id, trial_id) WHERE t.status = 'COMPLETED' GROUP BY c.config
ORDER BY config, mode
