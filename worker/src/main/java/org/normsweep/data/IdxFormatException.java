package org.normsweep.data;

import java.nio.file.Path;

/** An IDX file that is missing, truncated or not in the layout its name promises; the message names the file. */
public class IdxFormatException extends RuntimeException {
    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public IdxFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** The same for a file named by a string (a local path or a Hadoop URI). */
    public IdxFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public IdxFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
