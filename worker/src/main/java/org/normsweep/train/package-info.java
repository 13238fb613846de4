/**
 * Stage 3: runs one trial end to end on one executor (data, network, SGD loop, evaluation, probes)
 * and returns its {@link org.normsweep.result.TrialResult}. Knows nothing of Spark.
 */
package org.normsweep.train;
