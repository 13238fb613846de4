/**
 * Stage 3a: a trial's input data. Reads the standard IDX files (MNIST, Fashion-MNIST), keeps one copy
 * per executor JVM, and cuts seeded, shuffled batches. Imports the JDK and ND4J only.
 */
package org.normsweep.data;
