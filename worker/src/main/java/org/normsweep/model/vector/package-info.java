/**
 * Stage 3b (model), the training engine: LeNet and the MLP as plain float arrays and hand-vectorized kernels,
 * which train, evaluate and (with {@link org.normsweep.model.vector.VectorProbe}) probe the trials it runs.
 * Imports only {@code jdk.incubator.vector} (in {@link org.normsweep.model.vector.Lanes} alone) and, at the
 * edges, DL4J/ND4J to copy parameters (and momentum's velocities, from its updater state) to and from the network
 * that stays the source of truth; {@code org.normsweep.result.Divergence} to say where a diverged step went bad.
 */
package org.normsweep.model.vector;
