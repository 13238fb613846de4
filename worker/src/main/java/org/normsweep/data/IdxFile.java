package org.normsweep.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads one file in the IDX layout used by MNIST and Fashion-MNIST: a big-endian magic number
 * (0x0000_08_NN: unsigned bytes, NN dimensions), NN big-endian dimension sizes, then the data.
 * Gzipped files (ending {@code .gz}) are read transparently. Files are named by a {@link DatasetFiles} directory
 * and a name in it (local or on a Hadoop store), or, locally, by a {@link Path}.
 */
public final class IdxFile {
    private static final int UBYTE = 0x08;

    private IdxFile() {}

    /**
     * Reads images, scaling each pixel from 0..255 to [0, 1].
     *
     * @param limit read at most this many images (0 = all)
     * @return pixels, row-major, {@code count * rows * cols} values
     */
    public static Images readImages(Path file, int limit) {
        return readImages(local(file), file.getFileName().toString(), limit);
    }

    /** The same for file {@code name} of {@code dir}. */
    public static Images readImages(DatasetFiles dir, String name, int limit) {
        String file = dir.describe(name);
        try (DataInputStream in = open(dir, name)) {
            int[] dims = header(file, in, 3);
            int count = limit > 0 ? Math.min(limit, dims[0]) : dims[0];
            int pixels = dims[1] * dims[2];
            byte[] raw = new byte[Math.multiplyExact(count, pixels)];
            in.readFully(raw);
            float[] scaled = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                scaled[i] = (raw[i] & 0xFF) / 255f;
            }
            return new Images(scaled, count, dims[1], dims[2]);
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated: the header promises more images than the file holds", e);
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    /** Reads class labels (0..255 each), at most {@code limit} of them (0 = all). */
    public static int[] readLabels(Path file, int limit) {
        return readLabels(local(file), file.getFileName().toString(), limit);
    }

    /** The same for file {@code name} of {@code dir}. */
    public static int[] readLabels(DatasetFiles dir, String name, int limit) {
        String file = dir.describe(name);
        try (DataInputStream in = open(dir, name)) {
            int[] dims = header(file, in, 1);
            int count = limit > 0 ? Math.min(limit, dims[0]) : dims[0];
            byte[] raw = new byte[count];
            in.readFully(raw);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated: the header promises more labels than the file holds", e);
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    /** How many items (images or labels) the file's header announces; reads only the header. */
    public static int count(Path file) {
        return count(local(file), file.getFileName().toString());
    }

    /** The same for file {@code name} of {@code dir}. */
    public static int count(DatasetFiles dir, String name) {
        String file = dir.describe(name);
        try (DataInputStream in = open(dir, name)) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UBYTE || (magic & 0xFF) < 1) {
                throw new IdxFormatException(file, String.format("not an IDX file: magic number 0x%08X", magic));
            }
            return in.readInt();
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    private static DatasetFiles local(Path file) {
        Path parent = file.getParent();
        return new LocalDatasetFiles(parent == null ? Path.of("") : parent);
    }

    private static DataInputStream open(DatasetFiles dir, String name) throws IOException {
        InputStream raw = new BufferedInputStream(dir.open(name), 1 << 16);
        if (name.endsWith(".gz")) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int[] header(String file, DataInputStream in, int expectedDims) throws IOException {
        int magic = in.readInt();
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UBYTE || dims != expectedDims) {
            throw new IdxFormatException(
                    file,
                    String.format(
                            "not an IDX file of unsigned bytes with %d dimension(s): magic number 0x%08X (expected 0x%08X)",
                            expectedDims, magic, (UBYTE << 8) | expectedDims));
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            sizes[i] = in.readInt();
            if (sizes[i] <= 0) {
                throw new IdxFormatException(file, "dimension " + i + " has size " + sizes[i]);
            }
        }
        return sizes;
    }

    private static IdxFormatException ioProblem(String file, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return new IdxFormatException(file, "no such file", e);
        }
        return new IdxFormatException(file, "cannot be read (" + e + ")", e);
    }

    /** Scaled pixels of {@code count} images of {@code rows x cols}. */
    public record Images(float[] pixels, int count, int rows, int cols) {}
}
