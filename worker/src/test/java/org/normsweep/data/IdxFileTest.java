package org.normsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.SyntheticIdx;

class IdxFileTest {
    @TempDir
    Path dir;

    @Test
    void readsRawAndGzippedImagesScaledToUnitRange() throws IOException {
        byte[] pixels = new byte[2 * 28 * 28];
        pixels[0] = (byte) 255;
        pixels[1] = (byte) 51;
        pixels[28 * 28] = (byte) 128;
        byte[] file = SyntheticIdx.imagesFile(pixels, 2);
        SyntheticIdx.write(dir.resolve("a-images-idx3-ubyte"), file);
        SyntheticIdx.write(dir.resolve("b-images-idx3-ubyte.gz"), file);

        for (String name : new String[] {"a-images-idx3-ubyte", "b-images-idx3-ubyte.gz"}) {
            IdxFile.Images images = IdxFile.readImages(dir.resolve(name), 0);
            assertEquals(2, images.count());
            assertEquals(28, images.rows());
            assertEquals(28, images.cols());
            assertEquals(1.0f, images.pixels()[0]);
            assertEquals(0.2f, images.pixels()[1], 1e-7);
            assertEquals(128 / 255f, images.pixels()[28 * 28]);
            assertEquals(0f, images.pixels()[2]);
        }
    }

    @Test
    void limitReadsOnlyTheFirstImages() throws IOException {
        byte[] pixels = new byte[3 * 28 * 28];
        Arrays.fill(pixels, 28 * 28, 2 * 28 * 28, (byte) 10);
        SyntheticIdx.write(dir.resolve("x.gz"), SyntheticIdx.imagesFile(pixels, 3));
        IdxFile.Images images = IdxFile.readImages(dir.resolve("x.gz"), 2);
        assertEquals(2, images.count());
        assertEquals(2 * 28 * 28, images.pixels().length);
        assertEquals(10 / 255f, images.pixels()[28 * 28]);
    }

    @Test
    void readsLabels() throws IOException {
        SyntheticIdx.write(dir.resolve("l.gz"), SyntheticIdx.labelsFile(new byte[] {3, 0, 9}));
        assertArrayEquals(new int[] {3, 0, 9}, IdxFile.readLabels(dir.resolve("l.gz"), 0));
    }

    @Test
    void truncatedFileNamesTheFile() throws IOException {
        byte[] whole = SyntheticIdx.imagesFile(new byte[5 * 28 * 28], 5);
        Path file = dir.resolve("t-images-idx3-ubyte");
        Files.write(file, Arrays.copyOf(whole, whole.length - 100));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.readImages(file, 0));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsRefused() throws IOException {
        Path file = dir.resolve("labels-as-images");
        Files.write(file, SyntheticIdx.labelsFile(new byte[] {1, 2}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.readImages(file, 0));
        assertTrue(e.getMessage().contains("magic number 0x00000801 (expected 0x00000803)"), e.getMessage());
    }

    @Test
    void corruptGzipIsRefused() throws IOException {
        Path file = dir.resolve("c-images-idx3-ubyte.gz");
        Files.write(file, new byte[] {1, 2, 3, 4, 5});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.readImages(file, 0));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void datasetDirectoryReadsBothSplitsAndChecksCounts() throws IOException {
        SyntheticIdx.write(dir, 50, 20, 7);
        ImageDataset train = ImageDataset.read(dir, "train", 0);
        ImageDataset test = ImageDataset.read(dir, "t10k", 0);
        assertEquals(50, train.size());
        assertEquals(20, test.size());
        assertEquals(784, train.pixelsPerImage());
        assertEquals(10, ImageDataset.read(dir, "train", 10).size());
        assertEquals(5, train.head(5).size());

        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> ImageDataset.read(dir, "t10k", 0));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz: no such file"), e.getMessage());
    }
}
