package io.procpool.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Validated, immutable pool settings. Built only by {@code WorkerPool.Builder}, which checks each
 * value when it is set; see its javadoc for meanings and defaults.
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
        boolean killProcessTree) {
    /** Defensive copies. A {@code null} environment means: inherit the coordinator's. */
    public PoolConfig {
        listeners = List.copyOf(listeners);
        jvmArgs = List.copyOf(jvmArgs);
        environment = environment == null ? null : Map.copyOf(environment);
        registered = List.copyOf(registered);
    }

    /**
     * Whether workers report each result at once, so the coordinator always knows which element
     * is running: needed to time elements and to run them at most once ({@code maxRetries == 0}).
     */
    public boolean exactAttribution() {
        return taskTimeout != null || maxRetries == 0;
    }

    /** Whether a task timeout is set. */
    public boolean hasTimeout() {
        return taskTimeout != null;
    }
}
