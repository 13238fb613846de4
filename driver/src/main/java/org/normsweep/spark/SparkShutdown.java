package org.normsweep.spark;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * A shutdown hook (SIGINT, SIGTERM, {@code System.exit}) that runs before Spark's. Spark's own hooks stop the
 * SparkContext, which fails every job still running; they run inside Hadoop's {@link ShutdownHookManager} at
 * priority {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}, and Hadoop's file systems close at
 * {@code FileSystem.SHUTDOWN_HOOK_PRIORITY}, after them. Hadoop runs its hooks one at a time, highest priority first,
 * so a hook registered here at {@link #PRIORITY} ends (or times out) while the jobs still run and the file systems
 * are still open. Driver-only.
 */
public final class SparkShutdown implements AutoCloseable {
    /** Above Spark's {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}. */
    static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

    private final Runnable hook;

    private SparkShutdown(Runnable hook) {
        this.hook = hook;
    }

    /** Registers {@code hook} to run first when the JVM shuts down; Hadoop interrupts it after {@code timeout}. */
    public static SparkShutdown beforeSparkStops(Runnable hook, Duration timeout) {
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new SparkShutdown(hook);
    }

    /** Unregisters the hook; during shutdown, when it is running or has run already, does nothing. */
    @Override
    public void close() {
        ShutdownHookManager hooks = ShutdownHookManager.get();
        if (!hooks.isShutdownInProgress()) {
            try {
                hooks.removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutdown began in between: the hook runs, or has run.
            }
        }
    }
}
