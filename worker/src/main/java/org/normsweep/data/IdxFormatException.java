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
}
