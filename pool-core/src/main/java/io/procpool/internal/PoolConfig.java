package io.procpool.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Validated, immutable pool settings. Built by {@code WorkerPool.Builder}, which checks each value
 * when it is set (see its javadoc for meanings and defaults); the constructor checks the ranges
 * again, so a config that skipped the builder cannot exist either. Only {@link PoolOpener}, which
 * users cannot obtain, turns one into a pool.
 */
public record PoolConfig(
        int workers,
        List<String> jvmArgs,
        /** The user's worker classpath, or null to derive it ({@code TaskLoaders}). */
        String classpath,
        Path javaExecutable,
        Map<String, String> environment,
        List<Class<?>> registered,
        int maxRetries,
        Duration taskTimeout,
        int maxTasksPerWorker,
        int window,
        int batchSize,
        int maxFrameBytes,
        Duration startupTimeout,
        Duration shutdownTimeout,
        boolean classDataSharing,
        List<io.procpool.PoolListener> listeners,
        io.procpool.Progress.Mode progress,
        boolean killProcessTree,
        /** Workers kept when idle; {@code workers} is the most. Equal to {@code workers}: a fixed pool. */
        int minWorkers,
        /** How long a worker above {@code minWorkers} may stay idle before it retires. */
        Duration idleTimeout,
        /** Resident memory (bytes) past which a worker is recycled; 0: no limit. */
        long maxWorkerMemory,
        /** Closing a {@code map} stream early kills the workers running its elements. */
        boolean stopRunningOnMapClose) {
    /** Defensive copies. A {@code null} environment means: inherit the coordinator's. */
    public PoolConfig {
        checkRange("workers", workers, 1, 512);
        checkRange("maxRetries", maxRetries, 0, 100);
        if (minWorkers < 0 || minWorkers > workers) {
            throw new IllegalArgumentException("minWorkers must be between 0 and maxWorkers (" + workers + "), was "
                    + minWorkers + "; raise maxWorkers or lower minWorkers");
        }
        checkPositive("idleTimeout", idleTimeout);
        if (maxWorkerMemory != 0 && maxWorkerMemory < MIN_WORKER_MEMORY) {
            throw new IllegalArgumentException("maxWorkerMemory must be 0 (no limit) or at least " + MIN_WORKER_MEMORY
                    + " bytes (16 MiB; an idle worker alone uses about 40 MiB), was " + maxWorkerMemory);
        }
        checkRange("maxTasksPerWorker", maxTasksPerWorker, 0, Integer.MAX_VALUE);
        checkRange("window", window, 1, 1 << 24);
        checkRange("batchSize", batchSize, 0, 65536);
        checkRange("maxFrameBytes", maxFrameBytes, io.procpool.protocol.Wire.MIN_MAX_FRAME_BYTES, 1 << 30);
        checkPositive("startupTimeout", startupTimeout);
        checkPositive("shutdownTimeout", shutdownTimeout);
        if (taskTimeout != null) {
            checkPositive("taskTimeout", taskTimeout);
        }
        for (String a : jvmArgs) {
            if (a == null || !a.startsWith("-")) {
                throw new IllegalArgumentException("jvmArgs must each start with '-' (a JVM option), was " + a);
            }
        }
        if (progress == null) {
            throw new IllegalArgumentException("progress mode must not be null");
        }
        listeners = List.copyOf(listeners);
        jvmArgs = List.copyOf(jvmArgs);
        environment = environment == null ? null : Map.copyOf(environment);
        registered = List.copyOf(registered);
    }

    /**
     * Returns {@code value}, or throws naming the field, the range and the bad value (shared with
     * the builder, so both say the same).
     *
     * @throws IllegalArgumentException when {@code value} is outside {@code min..max}
     */
    public static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Returns {@code d}, or throws naming the field and the bad value.
     *
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public static Duration checkPositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
        return d;
    }

    /**
     * Whether workers report each result at once, so the coordinator always knows which element
     * is running: needed to time elements and to run them at most once ({@code maxRetries == 0}).
     */
    public boolean exactAttribution() {
        return taskTimeout != null || maxRetries == 0;
    }

    /** The smallest memory limit a worker can meet at all. */
    public static final long MIN_WORKER_MEMORY = 16L << 20;

    /** Whether workers above the minimum retire when idle. */
    public boolean elastic() {
        return minWorkers < workers;
    }

    /** Whether a task timeout is set. */
    public boolean hasTimeout() {
        return taskTimeout != null;
    }
}
