/**
 * Stage 3a: a trial's input data. Reads the standard IDX files (MNIST, Fashion-MNIST), keeps one copy
 * per executor JVM, and cuts seeded, shuffled batches.
 * Imports: {@code java}, {@code org.nd4j}, {@code org.slf4j}, {@code org.normsweep.trial}.
 */
package org.normsweep.data;
