package org.normsweep.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The one generator of seeded synthetic datasets in the standard IDX layout, for testing the
 * machinery, not accuracy. Class {@code c} draws a bright 7x7 square at a position that depends
 * on {@code c}, over uniform noise, so a network can learn it in a few steps.
 */
public final class SyntheticIdx {
    public static final int SIDE = 28;

    private SyntheticIdx() {}

    /** Writes {@code train-*} and {@code t10k-*} files (gzipped) into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir, int trainCount, int testCount, long seed) throws IOException {
        Files.createDirectories(dir);
        writeSplit(dir, "train", trainCount, seed);
        writeSplit(dir, "t10k", testCount, seed + 1);
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * SIDE * SIDE];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            int top = 2 + (label / 5) * 12;
            int left = 1 + (label % 5) * 5;
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    boolean square = r >= top && r < top + 7 && c >= left && c < left + 7;
                    int value = square ? 200 + random.nextInt(56) : random.nextInt(60);
                    pixels[i * SIDE * SIDE + r * SIDE + c] = (byte) value;
                }
            }
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), imagesFile(pixels, count));
        write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labelsFile(labels));
    }

    /** The bytes of an IDX image file (magic 0x803) holding {@code count} 28x28 images. */
    public static byte[] imagesFile(byte[] pixels, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(SIDE);
        out.writeInt(SIDE);
        out.write(pixels);
        return bytes.toByteArray();
    }

    /** The bytes of an IDX label file (magic 0x801). */
    public static byte[] labelsFile(byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(labels.length);
        out.write(labels);
        return bytes.toByteArray();
    }

    /** Writes {@code content}, gzipped when the name ends in {@code .gz}. */
    public static void write(Path file, byte[] content) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
            out.write(content);
        }
    }
}
