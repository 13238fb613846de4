package org.normsweep.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The files of one dataset directory, wherever they live: a local directory ({@link LocalDatasetFiles}) or, on a
 * cluster, a Hadoop URI ({@code hdfs://}, {@code s3a://}, {@code file://}) read by an implementation the Spark glue
 * supplies, so this module needs no Hadoop.
 */
public interface DatasetFiles {
    /** The directory, as the user wrote it (a path or a URI); part of the cache key. */
    String location();

    /** The full name of file {@code name} in this directory, for messages. */
    String describe(String name);

    /** Whether file {@code name} exists in this directory. */
    boolean exists(String name) throws IOException;

    /** Opens file {@code name}; a missing file is a {@link java.io.FileNotFoundException} or its NIO cousin. */
    InputStream open(String name) throws IOException;

    /** What identifies file {@code name}'s content (its length and modification time), so a replaced file is re-read. */
    String version(String name) throws IOException;
}
