/**
 * Stage 3c: probes that read a network on the fixed probe batch without changing it: activation and
 * gradient magnitudes at each activation site. Imports: {@code java}, {@code org.deeplearning4j},
 * {@code org.nd4j}, {@code org.normsweep.model}, {@code org.normsweep.result}, {@code org.normsweep.trial}.
 */
package org.normsweep.probe;
