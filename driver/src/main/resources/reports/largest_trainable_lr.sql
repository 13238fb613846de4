-- title: Largest learning rate that still trains
-- description: With and without BN (bn_layers), the largest lr whose mean final test accuracy is at least ${trains_above} (chance is 0.1), and the accuracy there. Only when the results hold more than one lr.
SELECT bn_layers, max(lr) AS largest_lr_that_trains,
       max_by(acc, lr) AS accuracy_there,
       concat_ws(', ', sort_array(collect_list(concat(cast(lr AS string), ': ', cast(round(acc, 3) AS string))))) AS by_lr
FROM (SELECT t.bn_layers, t.lr, avg(CASE WHEN t.status = 'COMPLETED' THEN t.final_test_accuracy ELSE 0.0 END) AS acc
      FROM trials t GROUP BY t.bn_layers, t.lr) per_lr
WHERE acc >= ${trains_above} AND (SELECT count(DISTINCT lr) FROM trials) > 1
GROUP BY bn_layers
ORDER BY bn_layers DESC
