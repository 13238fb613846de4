/**
 * Stage 5: execution on Spark. Sessions, task sizes, and one Spark task per training run, whose
 * {@link org.normsweep.result.TrialResult}s it hands to the caller (the result store) as they arrive. Knows nothing
 * of the result tables' format. Imports: {@code java}, {@code org.apache.spark}, {@code scala},
 * {@code org.apache.hadoop.util}, {@code org.apache.hadoop.fs}, {@code org.apache.hadoop.conf}, {@code org.normsweep.data},
 * {@code org.normsweep.result},
 * {@code org.normsweep.train}, {@code org.normsweep.trial}. (Hadoop only to run a shutdown hook before Spark's, and to read a dataset given as a URI.)
 */
package org.normsweep.spark;
