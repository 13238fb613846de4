package org.normsweep.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.DatasetFiles;
import org.normsweep.data.IdxFile;
import org.normsweep.data.IdxFormatException;
import org.normsweep.data.ImageDataset;
import org.normsweep.data.LocalDatasetFiles;
import org.normsweep.trial.TrialSpec;

/**
 * Turns a sweep's {@code dataset} (and optional {@code dataset_path}) into a directory of IDX files,
 * checked on the driver before anything runs. Driver-only; executors get the resolved path. A {@code dataset_path}
 * that is a URI ({@code hdfs://}, {@code s3a://}, {@code file://}) is checked through the reader the command line
 * installs in {@link DatasetCache} (Hadoop's FileSystem), the one executors read it with.
 *
 * <p>{@code fashion-mnist} defaults to the Debian package's directory. Where that package is absent,
 * a sweep that uses at most the first images of each split can run on the sample committed under
 * {@code data/fashion-mnist-sample} (those same first images), so its trials and ids are unchanged.
 */
public final class DatasetLocator {
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    static final String SAMPLE_DIR = "data/fashion-mnist-sample";

    private DatasetLocator() {}

    /** Where the data lives (a local directory or a URI) and a line for the user saying which data a run uses. */
    public record Located(String name, String location, String description) {
        Located(String name, Path dir, String description) {
            this(name, dir.toString(), description);
        }

        /** The local directory; only for data that is not given as a URI. */
        public Path path() {
            return Path.of(location);
        }
    }

    public static Located locate(Sweep sweep) {
        return locate(sweep, DEBIAN_FASHION_MNIST, home().resolve(SAMPLE_DIR));
    }

    /** The committed Fashion-MNIST sample in the project checkout. */
    public static Path sampleDir() {
        return home().resolve(SAMPLE_DIR);
    }

    static Located locate(Sweep sweep, Path debianDir, Path sampleDir) {
        String name = (String) sweep.fixed(TrialSpec.DATASET);
        String explicit = (String) sweep.fixed(TrialSpec.DATASET_PATH);
        if (explicit != null && DatasetCache.isUri(explicit)) {
            String key = sweep.keyOf(TrialSpec.DATASET_PATH);
            try {
                checkLayout(DatasetCache.files(explicit));
            } catch (IdxFormatException | IllegalStateException e) {
                throw new SweepFileException(
                        sweep.file(),
                        key + " points at " + explicit + ", which is not a dataset in the IDX layout: "
                                + e.getMessage(),
                        e);
            }
            return new Located(name, explicit, name + " from " + explicit);
        }
        if (explicit != null) {
            Path dir = Path.of(explicit).toAbsolutePath().normalize();
            checkLayout(sweep, sweep.keyOf(TrialSpec.DATASET_PATH), dir);
            return new Located(name, dir, name + " from " + dir);
        }
        if (!name.equals("fashion-mnist")) {
            throw new SweepFileException(
                    sweep.file(),
                    sweep.keyOf(TrialSpec.DATASET) + " is '" + name
                            + "', which has no default location; set fixed.dataset_path to a directory of its IDX files");
        }
        if (Files.isDirectory(debianDir)) {
            checkLayout(sweep, sweep.keyOf(TrialSpec.DATASET), debianDir);
            return new Located(
                    name, debianDir, "fashion-mnist from " + debianDir + " (Debian package dataset-fashion-mnist)");
        }
        int trainLimit = (Integer) sweep.fixed(TrialSpec.TRAIN_LIMIT);
        int testLimit = (Integer) sweep.fixed(TrialSpec.TEST_LIMIT);
        if (Files.isDirectory(sampleDir)) {
            int sampleTrain = IdxFile.count(ImageDataset.locate(sampleDir, "train", "labels"));
            int sampleTest = IdxFile.count(ImageDataset.locate(sampleDir, "t10k", "labels"));
            if (trainLimit > 0 && trainLimit <= sampleTrain && testLimit > 0 && testLimit <= sampleTest) {
                return new Located(
                        name,
                        sampleDir,
                        "fashion-mnist sample from " + sampleDir + " (the first "
                                + sampleTrain + " training and " + sampleTest + " test images; the package "
                                + "dataset-fashion-mnist is not installed)");
            }
        }
        throw new SweepFileException(
                sweep.file(),
                "fashion-mnist is not installed at " + debianDir
                        + " (sudo apt-get install dataset-fashion-mnist), and the committed sample only serves sweeps with "
                        + "train_limit and test_limit set within its size; found train_limit " + trainLimit
                        + ", test_limit " + testLimit);
    }

    private static void checkLayout(DatasetFiles dir) {
        for (String prefix : new String[] {"train", "t10k"}) {
            IdxFile.count(dir, ImageDataset.locate(dir, prefix, "images"));
            IdxFile.count(dir, ImageDataset.locate(dir, prefix, "labels"));
        }
    }

    private static void checkLayout(Sweep sweep, String key, Path dir) {
        try {
            checkLayout(new LocalDatasetFiles(dir));
        } catch (IdxFormatException e) {
            throw new SweepFileException(
                    sweep.file(),
                    key + " points at " + dir + ", which is not a dataset in the IDX layout: " + e.getMessage(),
                    e);
        }
    }

    /** Normsweep's install directory: the launcher sets {@code normsweep.home}; else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("normsweep.home", "."))
                .toAbsolutePath()
                .normalize();
    }
}
