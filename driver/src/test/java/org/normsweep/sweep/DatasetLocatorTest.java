package org.normsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.testing.SyntheticIdx;

class DatasetLocatorTest {
    @TempDir
    Path dir;

    private static Sweep parse(String yaml) {
        return SweepParser.parse("s.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void packageDirectoryWinsWhenInstalled() throws IOException {
        Path debian = SyntheticIdx.write(dir.resolve("debian"), 20, 10, 1);
        DatasetLocator.Located at = DatasetLocator.locate(parse("name: a"), debian, dir.resolve("sample"));
        assertEquals(debian, at.path());
        assertTrue(at.description().contains("Debian package"));
    }

    @Test
    void sampleServesSweepsThatFitInsideIt() throws IOException {
        Path sample = SyntheticIdx.write(dir.resolve("sample"), 20, 10, 1);
        Path missing = dir.resolve("no-package");
        DatasetLocator.Located at =
                DatasetLocator.locate(parse("name: a\nfixed: {train_limit: 20, test_limit: 5}"), missing, sample);
        assertEquals(sample, at.path());
        assertTrue(at.description().contains("sample"), at.description());

        SweepFileException e = assertThrows(
                SweepFileException.class,
                () -> DatasetLocator.locate(
                        parse("name: a\nfixed: {train_limit: 21, test_limit: 5}"), missing, sample));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train_limit 21"), e.getMessage());
    }

    @Test
    void explicitPathMustHoldIdxFiles() throws IOException {
        Path mnist = SyntheticIdx.write(dir.resolve("mnist"), 20, 10, 1);
        DatasetLocator.Located at = DatasetLocator.locate(
                parse("name: a\nfixed: {dataset: mnist, dataset_path: '" + mnist + "'}"), dir.resolve("x"), dir);
        assertEquals("mnist", at.name());
        assertEquals(mnist, at.path());

        SweepFileException e = assertThrows(
                SweepFileException.class,
                () -> DatasetLocator.locate(
                        parse("name: a\nfixed: {dataset: mnist, dataset_path: /no/such/dir}"), dir.resolve("x"), dir));
        assertTrue(e.getMessage().startsWith("s.yaml: fixed.dataset_path points at /no/such/dir"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: no such file"), e.getMessage());

        e = assertThrows(
                SweepFileException.class,
                () -> DatasetLocator.locate(parse("name: a\nfixed: {dataset: mnist}"), dir.resolve("x"), dir));
        assertTrue(e.getMessage().contains("fixed.dataset is 'mnist', which has no default location"), e.getMessage());
    }
}
