package org.normsweep.trial;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a trial's images come from and how many of them it uses.
 *
 * @param name       the dataset's name (e.g. {@code fashion-mnist}); part of the trial id
 * @param path       a directory holding the four standard IDX files, readable from every executor;
 *                   a location, not a setting, so it is left out of the trial id
 * @param trainLimit use the first {@code trainLimit} training images (0 = all); part of the trial id
 * @param testLimit  use the first {@code testLimit} test images (0 = all); part of the trial id
 */
public record DatasetSpec(String name, String path, int trainLimit, int testLimit) implements Serializable {

    public DatasetSpec {
        Objects.requireNonNull(name, "dataset name");
        Objects.requireNonNull(path, "dataset path");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException(
                    "dataset limits must be >= 0, found train " + trainLimit + ", test " + testLimit);
        }
    }
}
