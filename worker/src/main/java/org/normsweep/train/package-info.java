/**
 * Stage 3: runs one trial end to end on one executor (data, network, SGD loop, evaluation, probes)
 * and returns its {@link org.normsweep.result.TrialResult}. Knows nothing of Spark.
 * Imports: {@code java}, {@code org.deeplearning4j}, {@code org.nd4j}, {@code org.slf4j}, {@code org.normsweep.data},
 * {@code org.normsweep.model}, {@code org.normsweep.probe}, {@code org.normsweep.result}, {@code org.normsweep.trial}.
 */
package org.normsweep.train;
