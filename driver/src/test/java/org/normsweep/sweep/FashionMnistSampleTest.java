package org.normsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.normsweep.data.IdxFile;
import org.normsweep.data.ImageDataset;

/** The committed sample is exactly the first images of the packaged Fashion-MNIST, so trials agree on either. */
class FashionMnistSampleTest {
    static final Path SAMPLE = DatasetLocator.home().resolve(DatasetLocator.SAMPLE_DIR);

    @Test
    void sampleIsTheHeadOfThePackage() {
        assertEquals(8000, IdxFile.count(ImageDataset.locate(SAMPLE, "train", "images")));
        assertEquals(1000, IdxFile.count(ImageDataset.locate(SAMPLE, "t10k", "labels")));
        assumeTrue(Files.isDirectory(DatasetLocator.DEBIAN_FASHION_MNIST), "dataset-fashion-mnist not installed");
        for (String split : new String[] {"train", "t10k"}) {
            Path sampleImages = ImageDataset.locate(SAMPLE, split, "images");
            int n = IdxFile.count(sampleImages);
            Path full = ImageDataset.locate(DatasetLocator.DEBIAN_FASHION_MNIST, split, "images");
            assertArrayEquals(
                    IdxFile.readImages(full, n).pixels(),
                    IdxFile.readImages(sampleImages, 0).pixels(),
                    split);
            assertArrayEquals(
                    IdxFile.readLabels(ImageDataset.locate(DatasetLocator.DEBIAN_FASHION_MNIST, split, "labels"), n),
                    IdxFile.readLabels(ImageDataset.locate(SAMPLE, split, "labels"), 0),
                    split);
        }
    }
}
