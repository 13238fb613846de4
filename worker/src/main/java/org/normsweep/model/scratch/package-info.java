/**
 * Stage 3b, model: a from-scratch batch normalization layer for DL4J, written after d2l's
 * {@code batch_norm}, with ablation modes (mean only, std only, no affine). May import DL4J and
 * ND4J; nothing from training, probes or results.
 */
package org.normsweep.model.scratch;
