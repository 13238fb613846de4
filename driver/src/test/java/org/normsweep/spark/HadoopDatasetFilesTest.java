package org.normsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.data.DatasetCache;
import org.normsweep.data.ImageDataset;
import org.normsweep.sweep.DatasetLocator;
import org.normsweep.sweep.SweepFileException;
import org.normsweep.sweep.SweepParser;
import org.normsweep.testing.SyntheticIdx;

/**
 * A dataset given as a Hadoop URI ({@code file://} here; the HDFS and S3 ITs use {@code hdfs://} and {@code s3a://}):
 * checked on the driver like a local directory, read once per JVM, re-read when its files change.
 */
class HadoopDatasetFilesTest {
    @TempDir
    Path dir;

    private static DatasetLocator.Located locate(String path) {
        return DatasetLocator.locate(SweepParser.parse(
                "s.yaml",
                ("name: a\nfixed: {dataset: mnist, dataset_path: '" + path + "'}").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void uriIsCheckedAndReadLikeALocalDirectory() throws IOException {
        HadoopDatasetFiles.install();
        Path mnist = SyntheticIdx.write(dir.resolve("mnist"), 20, 10, 1);
        String uri = mnist.toUri().toString();
        assertTrue(uri.startsWith("file:/"), uri);
        String full = "file://" + mnist; // file:///tmp/..., as a user writes it
        assertEquals(full, locate(full).location());

        ImageDataset viaUri = DatasetCache.train(full);
        ImageDataset local = ImageDataset.read(mnist, "train", 0);
        assertEquals(local.size(), viaUri.size());
        float[] a = new float[local.pixelsPerImage()];
        float[] b = new float[local.pixelsPerImage()];
        for (int i = 0; i < local.size(); i++) {
            local.copyImage(i, a, 0);
            viaUri.copyImage(i, b, 0);
            assertEquals(local.label(i), viaUri.label(i));
            assertTrue(java.util.Arrays.equals(a, b), "image " + i);
        }
        assertSame(viaUri, DatasetCache.train(full), "read once per JVM");

        // Files replaced in place (another length) are read again: the cache is keyed by content too.
        SyntheticIdx.write(dir.resolve("mnist"), 30, 10, 2);
        assertEquals(30, DatasetCache.train(full).size());
    }

    @Test
    void wrongUriIsRefusedBeforeAnythingRuns() {
        HadoopDatasetFiles.install();
        SweepFileException missing =
                assertThrows(SweepFileException.class, () -> locate("file://" + dir.resolve("none")));
        assertTrue(
                missing.getMessage().startsWith("s.yaml: fixed.dataset_path points at file://" + dir.resolve("none")),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("train-images-idx3-ubyte.gz: no such file"), missing.getMessage());

        SweepFileException scheme = assertThrows(SweepFileException.class, () -> locate("nosuch://host/data"));
        assertTrue(scheme.getMessage().contains("nosuch://host/data: cannot be opened"), scheme.getMessage());
        assertTrue(scheme.getMessage().contains("nosuch"), scheme.getMessage());
    }
}
