package org.normsweep.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-memory copy of each dataset split per JVM, so an executor reads the files once however
 * many trials it runs. Splits are read whole; trials take a {@link ImageDataset#head(int) head} of them.
 */
public final class DatasetCache {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetCache.class);
    private static final Map<String, ImageDataset> SPLITS = new ConcurrentHashMap<>();

    private DatasetCache() {}

    /** The training split of the dataset in {@code dir}. */
    public static ImageDataset train(String dir) {
        return split(dir, "train");
    }

    /** The test split of the dataset in {@code dir}. */
    public static ImageDataset test(String dir) {
        return split(dir, "t10k");
    }

    private static ImageDataset split(String dir, String prefix) {
        Path path = Path.of(dir).toAbsolutePath().normalize();
        return SPLITS.computeIfAbsent(path + "|" + prefix, key -> {
            long start = System.nanoTime();
            ImageDataset data = ImageDataset.read(path, prefix, 0);
            LOG.info(
                    "loaded {} split of {}: {} images in {} ms",
                    prefix,
                    path,
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
