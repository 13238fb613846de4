package org.normsweep.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A dataset directory on this machine's file system. */
public record LocalDatasetFiles(Path dir) implements DatasetFiles {
    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public String describe(String name) {
        return dir.resolve(name).toString();
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(dir.resolve(name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(dir.resolve(name));
    }

    @Override
    public String version(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
    }
}
