/**
 * Benchmarks ({@code normsweep bench}): epoch time, the PyTorch reference, a per-layer profile, the Spark path against
 * a plain loop, scaling over task slots and executor memory, written as BENCHMARKS.md. May import every stage.
 */
package org.normsweep.bench;
