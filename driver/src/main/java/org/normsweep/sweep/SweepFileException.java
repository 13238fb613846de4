package org.normsweep.sweep;

/**
 * A sweep file that cannot be run, with a message a person can act on:
 * {@code sweeps/x.yaml: grid.lr[2] must be > 0, found -0.1}.
 */
public class SweepFileException extends RuntimeException {
    public SweepFileException(String file, String problem) {
        super(file + ": " + problem);
    }

    public SweepFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
