package org.normsweep.trial;

/** The nonlinearity after each (optionally normalised) conv/dense layer. */
public enum Activation {
    SIGMOID,
    RELU
}
