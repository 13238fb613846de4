package org.normsweep.result;

/** How a trial ended. A diverged or failed trial is a result row, never a crashed sweep. */
public enum TrialStatus {
    /** Trained for every epoch it asked for. */
    COMPLETED,
    /** The training loss became NaN or infinite; the rows up to that step are kept. */
    DIVERGED,
    /** Training threw; the error column says what. */
    FAILED
}
