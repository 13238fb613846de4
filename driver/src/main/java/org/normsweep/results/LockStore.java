package org.normsweep.results;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * How the run lock file is created, refreshed and taken over exclusively on one kind of store, so that two
 * drivers can never both hold it. Local disk: {@code O_EXCL} create, take-over under an OS file lock. HDFS:
 * create-if-absent, atomic at the NameNode, take-over under a file lease. S3 (s3a): conditional writes,
 * {@code If-None-Match: *} to create and {@code If-Match: ETAG} to refresh or take over, so a holder that stalled past its lock's age cannot refresh it once another run took it.
 * Any other store cannot promise this and is refused unless the user accepts one writer by convention.
 */
abstract class LockStore {
    /** The option that makes s3a send {@code If-None-Match: *} (Hadoop 3.4.2+, HADOOP-19256). */
    static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";
    /** The option that makes s3a send {@code If-Match: ETAG}. */
    static final String CONDITIONAL_ETAG = "fs.option.create.conditional.overwrite.etag";

    /** The lock as read: its text, last modification (ms) and, where the store has one, the version it replaces. */
    record Seen(String text, long modified, String version) {}

    final FileSystem fs;
    final Path path;

    LockStore(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /** The store for {@code path} on {@code fs}; null when the store cannot make the lock exclusive. */
    static LockStore of(FileSystem fs, Path path) {
        String scheme = fs.getScheme();
        if (scheme.equals("file") && (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem)) {
            return new Local(fs, path);
        }
        if (scheme.equals("hdfs") || scheme.equals("viewfs")) {
            return new Atomic(fs, path);
        }
        if (scheme.equals("s3a")) {
            return new Conditional(fs, path);
        }
        return null;
    }

    /** Writes {@code text} if no lock exists; false when one does (another run created it first). */
    abstract boolean createIfAbsent(String text) throws IOException;

    /** Replaces the lock {@code seen} with {@code text} if it is still that lock; false when it changed meanwhile. */
    abstract boolean replace(Seen seen, String text) throws IOException;

    /** Refreshes the lock this run holds ({@code mine}, as last written) and returns it as now seen; null if lost. */
    abstract Seen refresh(Seen mine, String text) throws IOException;

    /** The lock as it is now, or null when there is none. */
    Seen read() throws IOException {
        try {
            FileStatus status = fs.getFileStatus(path);
            try (InputStream in = fs.open(path)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String version = status instanceof EtagSource e ? e.getEtag() : null;
                return new Seen(text, status.getModificationTime(), version);
            }
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    void delete() throws IOException {
        fs.delete(path, false);
    }

    /** Deletes the lock if it is still {@code mine} (its text): a run ending releases only its own lock. */
    void deleteIfStillMine(Seen mine) throws IOException {
        Seen now = read();
        if (now != null && now.text().equals(mine.text())) {
            delete();
        }
    }

    /**
     * A store whose heartbeat is the lock's modification time and whose only atomic write is create-if-absent (local
     * disk, HDFS). Taking over a stale lock (compare, delete, create) and releasing one's own (compare, delete) run
     * under a guard that one run at a time can hold, so the live lock never disappears for a moment: a take-over that
     * lost the race once moved the winner's lock aside and back, and the winner, checking meanwhile, gave it up. A run
     * that merely creates a lock needs no guard: once the lock is gone only one can create it.
     */
    abstract static class Guarded extends LockStore {
        /** The guard's file name, beside the lock; it stays (its name starts with {@code _}, so readers skip it). */
        static final String GUARD = RunLock.FILE + ".guard";

        Guarded(FileSystem fs, Path path) {
            super(fs, path);
        }

        /** One step under the guard. */
        interface Step {
            boolean run() throws IOException;
        }

        /** Runs {@code step} holding the guard and returns its answer; false, without running it, if it cannot. */
        abstract boolean guarded(Step step) throws IOException;

        /** Deletes the lock if it is still {@code seen} (same text, not refreshed since) and creates this run's. */
        @Override
        final boolean replace(Seen seen, String text) throws IOException {
            return guarded(() -> {
                Seen now = read();
                if (now != null) {
                    if (!now.text().equals(seen.text()) || now.modified() != seen.modified()) {
                        return false; // another run took it over, or its holder refreshed it after all
                    }
                    delete();
                }
                return createIfAbsent(text);
            });
        }

        @Override
        final void deleteIfStillMine(Seen mine) throws IOException {
            guarded(() -> {
                super.deleteIfStillMine(mine);
                return true;
            });
        }

        /** Touches the lock if it is still {@code mine}; a race with a take-over at worst touches the new lock. */
        @Override
        final Seen refresh(Seen mine, String text) throws IOException {
            Seen now = read();
            if (now == null || !now.text().equals(mine.text())) {
                return null;
            }
            fs.setTimes(path, System.currentTimeMillis(), -1);
            return read();
        }
    }

    /** Local disk: exclusive create ({@code O_EXCL}); the guard is an OS lock on the guard file. */
    static final class Local extends Guarded {
        private final java.nio.file.Path file;

        Local(FileSystem fs, Path path) {
            super(fs, path);
            this.file = java.nio.file.Path.of(fs.makeQualified(path).toUri());
        }

        /**
         * Read with plain file I/O: the lock is written so, without Hadoop's {@code .NAME.crc} sidecar, and a sidecar
         * left by a checksumming writer (an older Normsweep) would fail every later read of a new lock.
         */
        @Override
        Seen read() throws IOException {
            try {
                long modified = Files.getLastModifiedTime(file).toMillis();
                return new Seen(Files.readString(file), modified, null);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        @Override
        void delete() throws IOException {
            Files.deleteIfExists(file);
            Files.deleteIfExists(checksum());
        }

        private java.nio.file.Path checksum() {
            return file.resolveSibling("." + file.getFileName() + ".crc");
        }

        @Override
        boolean createIfAbsent(String text) throws IOException {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }

        /**
         * The OS lock on the guard file, which other processes wait for and the OS releases if its holder dies, and a
         * monitor for the threads of this JVM (the OS lock is per process). Deleting the guard file would let two
         * processes lock two different files, so it stays.
         */
        @Override
        boolean guarded(Step step) throws IOException {
            synchronized (Local.class) {
                try (FileChannel channel = FileChannel.open(
                                file.resolveSibling(GUARD), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = channel.lock()) {
                    return step.run();
                }
            }
        }
    }

    /**
     * HDFS: create without overwrite is atomic at the NameNode; the guard is the NameNode's lease on the guard file,
     * held by keeping it open for writing.
     */
    static final class Atomic extends Guarded {
        Atomic(FileSystem fs, Path path) {
            super(fs, path);
        }

        @Override
        boolean createIfAbsent(String text) throws IOException {
            try (OutputStream out = fs.create(path, false)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return true;
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            } catch (org.apache.hadoop.ipc.RemoteException e) {
                // Another client is creating it right now (its lease), or has just created it.
                if (e.getClassName().endsWith("AlreadyBeingCreatedException")
                        || e.getClassName().endsWith("FileAlreadyExistsException")) {
                    return false;
                }
                throw e;
            }
        }

        /**
         * Holds the guard file open for appending while {@code step} runs: while one client has it open the NameNode
         * refuses it to every other (and to a second open by the same client), and gives it back about a minute after
         * a holder that died stopped renewing its lease. (Not create-with-overwrite: that deletes a file another
         * client is writing.) Refused, this run lost the race: false.
         */
        @Override
        boolean guarded(Step step) throws IOException {
            Path guard = new Path(path.getParent(), GUARD);
            OutputStream held;
            try {
                if (!fs.exists(guard)) {
                    fs.create(guard, false).close();
                }
                held = fs.append(guard);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false; // another run created the guard just now and holds it
            } catch (org.apache.hadoop.ipc.RemoteException e) {
                if (e.getClassName().endsWith("AlreadyBeingCreatedException")
                        || e.getClassName().endsWith("RecoveryInProgressException")
                        || e.getClassName().endsWith("FileAlreadyExistsException")) {
                    return false;
                }
                throw e;
            }
            try (held) {
                return step.run();
            }
        }
    }

    /** S3 through s3a: every write of the lock is conditional on what the writer last saw. */
    static final class Conditional extends LockStore {
        Conditional(FileSystem fs, Path path) {
            super(fs, path);
        }

        @Override
        boolean createIfAbsent(String text) throws IOException {
            org.apache.hadoop.fs.FSDataOutputStreamBuilder<?, ?> b = fs.createFile(path);
            b.overwrite(false).must(CONDITIONAL_CREATE, true);
            return put(b, text);
        }

        @Override
        boolean replace(Seen seen, String text) throws IOException {
            if (seen.version() == null) {
                throw new IOException(
                        "the store gave no ETag for " + path + ", so the lock cannot be taken over safely");
            }
            org.apache.hadoop.fs.FSDataOutputStreamBuilder<?, ?> b = fs.createFile(path);
            b.overwrite(true).must(CONDITIONAL_ETAG, seen.version());
            return put(b, text);
        }

        @Override
        Seen refresh(Seen mine, String text) throws IOException {
            if (!replace(mine, text)) {
                return null;
            }
            Seen now = read();
            return now != null && now.text().equals(text) ? now : null;
        }

        /** Writes through a conditional builder; false when the condition failed (412, or 409 for a race). */
        private boolean put(org.apache.hadoop.fs.FSDataOutputStreamBuilder<?, ?> builder, String text)
                throws IOException {
            try (OutputStream out = builder.build()) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw new UnsupportedOperationException(
                        "this s3a connector cannot write conditionally (it needs hadoop-aws 3.4.2 or later, and"
                                + " fs.s3a.create.conditional.enabled left true): " + e.getMessage(),
                        e);
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                if (e instanceof org.apache.hadoop.fs.FileAlreadyExistsException
                        || e.getClass().getSimpleName().equals("RemoteFileChangedException")
                        || m.contains("412")
                        || m.contains("409")
                        || m.contains("PreconditionFailed")
                        || m.contains("ConditionalRequestConflict")) {
                    return false;
                }
                throw e;
            }
            return true;
        }
    }
}
