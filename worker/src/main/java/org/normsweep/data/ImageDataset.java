package org.normsweep.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One split (train or test) of an image-classification dataset held in memory: scaled pixels
 * and labels. Immutable once built and shared by every trial in an executor JVM.
 */
public final class ImageDataset {
    /** Both MNIST and Fashion-MNIST have ten classes. */
    public static final int CLASSES = 10;

    private final float[] pixels;
    private final int[] labels;
    private final int rows;
    private final int cols;
    private final int offset;
    private final int size;

    public ImageDataset(float[] pixels, int[] labels, int rows, int cols) {
        this(pixels, labels, rows, cols, 0, labels.length);
    }

    private ImageDataset(float[] pixels, int[] labels, int rows, int cols, int offset, int size) {
        if (pixels.length != (long) labels.length * rows * cols) {
            throw new IllegalArgumentException("pixels (" + pixels.length + ") do not match " + labels.length
                    + " labels of " + rows + "x" + cols + " images");
        }
        for (int label : labels) {
            if (label < 0 || label >= CLASSES) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (CLASSES - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.offset = offset;
        this.size = size;
    }

    /** The first {@code limit} examples (all of them when {@code limit} is 0 or at least {@link #size()}); shares memory. */
    public ImageDataset head(int limit) {
        if (limit <= 0 || limit >= size) {
            return this;
        }
        return slice(0, limit);
    }

    /** Examples {@code from..to-1} of this dataset, as a dataset of its own; shares memory. */
    public ImageDataset slice(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size);
        }
        return new ImageDataset(pixels, labels, rows, cols, offset + from, to - from);
    }

    /**
     * Reads split {@code prefix} ({@code train} or {@code t10k}) from a directory in the standard layout:
     * {@code PREFIX-images-idx3-ubyte[.gz]} and {@code PREFIX-labels-idx1-ubyte[.gz]}.
     */
    public static ImageDataset read(Path dir, String prefix, int limit) {
        return read(new LocalDatasetFiles(dir), prefix, limit);
    }

    /** The same for a directory that may live on a Hadoop store. */
    public static ImageDataset read(DatasetFiles dir, String prefix, int limit) {
        String images = locate(dir, prefix, "images");
        String labelsFile = locate(dir, prefix, "labels");
        IdxFile.Images img = IdxFile.readImages(dir, images, limit);
        int[] labels = IdxFile.readLabels(dir, labelsFile, limit);
        if (labels.length != img.count()) {
            throw new IdxFormatException(
                    dir.describe(labelsFile),
                    "holds " + labels.length + " labels but " + images + " holds " + img.count() + " images");
        }
        try {
            return new ImageDataset(img.pixels(), labels, img.rows(), img.cols());
        } catch (IllegalArgumentException e) {
            throw new IdxFormatException(dir.describe(labelsFile), e.getMessage(), e);
        }
    }

    /** The file holding split {@code prefix}'s images or labels ({@code kind}), gzipped or not. */
    public static Path locate(Path dir, String prefix, String kind) {
        return dir.resolve(locate(new LocalDatasetFiles(dir), prefix, kind));
    }

    /** The name, in {@code dir}, of the file holding split {@code prefix}'s images or labels ({@code kind}). */
    public static String locate(DatasetFiles dir, String prefix, String kind) {
        String base = prefix + "-" + kind + (kind.equals("images") ? "-idx3-ubyte" : "-idx1-ubyte");
        try {
            if (dir.exists(base + ".gz")) {
                return base + ".gz";
            }
            if (dir.exists(base)) {
                return base;
            }
        } catch (IOException e) {
            throw new IdxFormatException(dir.describe(base + ".gz"), "cannot be read (" + e + ")", e);
        }
        throw new IdxFormatException(dir.describe(base + ".gz"), "no such file (nor " + base + ")");
    }

    public int size() {
        return size;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    public int label(int index) {
        return labels[offset + checked(index)];
    }

    /** Copies image {@code index}'s pixels into {@code dest} at {@code offset}. */
    public void copyImage(int index, float[] dest, int offset) {
        int n = pixelsPerImage();
        System.arraycopy(pixels, (this.offset + checked(index)) * n, dest, offset, n);
    }

    private int checked(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("example " + index + " of " + size);
        }
        return index;
    }
}
