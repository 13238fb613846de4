package org.normsweep.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-memory copy of each dataset split per JVM, so an executor reads the files once however
 * many trials it runs. Splits are read whole; trials take a {@link ImageDataset#head(int) head} of them. A split is
 * keyed by its directory (path or URI) and its files' length and modification time.
 */
public final class DatasetCache {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetCache.class);
    private static final Map<String, ImageDataset> SPLITS = new ConcurrentHashMap<>();
    private static final Pattern URI_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+://");
    private static volatile Function<String, DatasetFiles> uris;

    private DatasetCache() {}

    /** The training split of the dataset in {@code dir} (a local directory or a Hadoop URI). */
    public static ImageDataset train(String dir) {
        return split(dir, "train");
    }

    /** The test split of the dataset in {@code dir}. */
    public static ImageDataset test(String dir) {
        return split(dir, "t10k");
    }

    /**
     * How this JVM opens dataset directories given as URIs ({@code scheme://...}): the Spark glue installs a Hadoop
     * FileSystem reader on each executor before its first trial; this module itself reads local directories only.
     */
    public static void readUrisWith(Function<String, DatasetFiles> opener) {
        uris = opener;
    }

    /** Whether {@code dir} is a URI ({@code scheme://...}) rather than a local directory. */
    public static boolean isUri(String dir) {
        return URI_SCHEME.matcher(dir).lookingAt();
    }

    /** The files of {@code dir}: a URI through the installed opener, anything else as a local directory. */
    public static DatasetFiles files(String dir) {
        if (isUri(dir)) {
            Function<String, DatasetFiles> opener = uris;
            if (opener == null) {
                throw new IllegalStateException(
                        "dataset " + dir + " is a URI, which only Normsweep's Spark executors can read here");
            }
            return opener.apply(dir);
        }
        return new LocalDatasetFiles(Path.of(dir).toAbsolutePath().normalize());
    }

    private static ImageDataset split(String dir, String prefix) {
        DatasetFiles files = files(dir);
        String images = ImageDataset.locate(files, prefix, "images");
        String labels = ImageDataset.locate(files, prefix, "labels");
        String key;
        try {
            key = files.location() + "|" + prefix + "|" + files.version(images) + "|" + files.version(labels);
        } catch (IOException e) {
            throw new IdxFormatException(files.describe(images), "cannot be read (" + e + ")", e);
        }
        return SPLITS.computeIfAbsent(key, k -> {
            long start = System.nanoTime();
            ImageDataset data = ImageDataset.read(files, prefix, 0);
            LOG.info(
                    "loaded {} split of {}: {} images in {} ms",
                    prefix,
                    files.location(),
                    data.size(),
                    (System.nanoTime() - start) / 1_000_000);
            return data;
        });
    }

    /** How many splits this JVM holds; tests use it to check that a dataset is read once. */
    public static int loadedSplits() {
        return SPLITS.size();
    }
}
