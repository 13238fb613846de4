package org.normsweep.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.DatasetFiles;
import org.normsweep.data.IdxFormatException;

/**
 * A dataset directory given as a Hadoop URI ({@code hdfs://}, {@code s3a://}, {@code file://}), read through Hadoop's
 * FileSystem with the Hadoop settings of this JVM's Spark ({@code spark.hadoop.*}, the cluster's site files).
 * {@link #install()} makes {@link DatasetCache} read URIs this way; the driver calls it before checking a sweep's
 * dataset, each executor before its first trial, so the worker module needs no Hadoop.
 */
public record HadoopDatasetFiles(String location, FileSystem fs, Path dir) implements DatasetFiles {
    /** Lets this JVM's {@link DatasetCache} read dataset URIs; idempotent. */
    public static void install() {
        DatasetCache.readUrisWith(HadoopDatasetFiles::at);
    }

    /** The directory {@code uri}, on its FileSystem; an unknown scheme or unreachable store names the URI. */
    static HadoopDatasetFiles at(String uri) {
        Path dir = new Path(uri);
        try {
            return new HadoopDatasetFiles(uri, dir.getFileSystem(hadoopConf()), dir);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new IdxFormatException(uri, "cannot be opened (" + e.getMessage() + ")", e);
        }
    }

    /** The Hadoop settings of this JVM's Spark: an executor's SparkEnv, or spark-submit's settings on the driver. */
    private static Configuration hadoopConf() {
        SparkEnv env = SparkEnv.get();
        return SparkHadoopUtil.get().newConfiguration(env != null ? env.conf() : new SparkConf());
    }

    @Override
    public String describe(String name) {
        return new Path(dir, name).toString();
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs.exists(new Path(dir, name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        return fs.open(new Path(dir, name));
    }

    @Override
    public String version(String name) throws IOException {
        FileStatus status = fs.getFileStatus(new Path(dir, name));
        return status.getLen() + "@" + status.getModificationTime();
    }
}
