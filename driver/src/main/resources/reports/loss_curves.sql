-- title: Training loss (rolling mean over ${window} steps)
-- description: Per configuration, the per-step training loss smoothed with a trailing rolling mean of ${window} steps (as the seeds plot it), averaged over seeds.
-- chart: line
-- x: step
-- y: loss
-- series: config
WITH smoothed AS (
  SELECT s.trial_id, s.run_id, s.step,
         avg(s.loss) OVER (PARTITION BY s.run_id, s.trial_id ORDER BY s.step
                           ROWS BETWEEN ${window} - 1 PRECEDING AND CURRENT ROW) AS loss,
         count(*) OVER (PARTITION BY s.run_id, s.trial_id ORDER BY s.step
                        ROWS BETWEEN ${window} - 1 PRECEDING AND CURRENT ROW) AS n
  FROM steps s)
SELECT c.config, m.step, round(avg(m.loss), 5) AS loss
FROM smoothed m JOIN configs c USING (run_id, trial_id)
WHERE m.n = ${window}
GROUP BY c.config, m.step
ORDER BY c.config, m.step
