/**
 * Stage 3c: probes that read a network on the fixed probe batch without changing it: activation and
 * gradient magnitudes at each activation site. Imports DL4J/ND4J, {@code model} and {@code result}.
 */
package org.normsweep.probe;
