package io.procpool.spark;

import io.procpool.Progress;
import io.procpool.WorkerPool;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the process pool each Spark executor runs: serializable, so it travels with the
 * Spark job, and a value, so executors share one pool per distinct spec. Each setter validates
 * its value at once with the same rules and messages as {@link WorkerPool.Builder}.
 *
 * <pre>{@code
 * PoolSpec spec = PoolSpec.builder().workers(2).jvmArgs("-Xmx512m").taskTimeout(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * @param workers worker processes per executor JVM (default 1)
 * @param jvmArgs extra JVM options for the workers
 * @param taskTimeoutMillis longest run of one element, 0 for none
 * @param maxRetries re-runs of an element that killed its worker (default 2)
 * @param maxTasksPerWorker recycle a worker after this many elements, 0 for never
 * @param window most elements of one partition pulled but not yet consumed (default 8192)
 * @param batchSize elements per message, 0 for automatic
 * @param maxFrameBytes largest message (default 64 MiB)
 * @param startupTimeoutMillis how long opening the pool may take (default 30 s)
 * @param shutdownTimeoutMillis how long closing lets work finish (default 2 s)
 * @param registered names of extra classes results may contain ({@link WorkerPool.Builder#register})
 */
public record PoolSpec(int workers, List<String> jvmArgs, long taskTimeoutMillis, int maxRetries,
        int maxTasksPerWorker, int window, int batchSize, int maxFrameBytes, long startupTimeoutMillis,
        long shutdownTimeoutMillis, List<String> registered) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Defensive copies. */
    public PoolSpec {
        jvmArgs = List.copyOf(jvmArgs);
        registered = List.copyOf(registered);
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The spec with every setting at its default (one worker per executor). */
    public static PoolSpec defaults() {
        return builder().build();
    }

    /**
     * The pool builder for this spec, with classes named in {@code registered} loaded by
     * {@code loader}; progress bars are off (executors have no terminal).
     *
     * @throws IllegalArgumentException when a registered class cannot be loaded
     */
    WorkerPool.Builder toPoolBuilder(ClassLoader loader) {
        WorkerPool.Builder b = WorkerPool.builder().workers(workers).jvmArgs(jvmArgs.toArray(new String[0]))
                .maxRetries(maxRetries).maxTasksPerWorker(maxTasksPerWorker).window(window).batchSize(batchSize)
                .maxFrameBytes(maxFrameBytes).startupTimeout(Duration.ofMillis(startupTimeoutMillis))
                .shutdownTimeout(Duration.ofMillis(shutdownTimeoutMillis)).progress(Progress.Mode.OFF);
        if (taskTimeoutMillis > 0) {
            b.taskTimeout(Duration.ofMillis(taskTimeoutMillis));
        }
        for (String name : registered) {
            try {
                b.register(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("registered class " + name + " cannot be loaded on this executor: "
                        + e + "; ship it with the application jar or spark.jars", e);
            }
        }
        return b;
    }

    /** Builds a {@link PoolSpec}; not thread-safe. */
    public static final class Builder {
        /** Validates each value exactly as the pool will. */
        private final WorkerPool.Builder check = WorkerPool.builder();
        private int workers = 1;
        private final List<String> jvmArgs = new ArrayList<>();
        private long taskTimeoutMillis;
        private int maxRetries = 2;
        private int maxTasksPerWorker;
        private int window = 8192;
        private int batchSize;
        private int maxFrameBytes = 64 << 20;
        private long startupTimeoutMillis = 30_000;
        private long shutdownTimeoutMillis = 2_000;
        private final List<String> registered = new ArrayList<>();

        private Builder() {}

        /** Worker processes per executor JVM, 1..512. Default 1; the pool is shared by the executor's Spark tasks. */
        public Builder workers(int n) {
            check.workers(n);
            workers = n;
            return this;
        }

        /** Extra JVM options for the workers, each starting with '-'. */
        public Builder jvmArgs(String... args) {
            check.jvmArgs(args);
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /** Longest run of one element; a longer one fails with {@code TaskTimeoutException}. Default: none. */
        public Builder taskTimeout(Duration timeout) {
            check.taskTimeout(timeout);
            taskTimeoutMillis = Math.max(1, timeout.toMillis());
            return this;
        }

        /** Re-runs of an element that killed its worker, 0..100. Default 2. */
        public Builder maxRetries(int n) {
            check.maxRetries(n);
            maxRetries = n;
            return this;
        }

        /** Recycle a worker after this many elements; 0 never. Default 0. */
        public Builder maxTasksPerWorker(int n) {
            check.maxTasksPerWorker(n);
            maxTasksPerWorker = n;
            return this;
        }

        /** Most elements of one partition pulled but not yet consumed. Default 8192. */
        public Builder window(int n) {
            check.window(n);
            window = n;
            return this;
        }

        /** Elements per message to a worker; 0 automatic. Default 0. */
        public Builder batchSize(int n) {
            check.batchSize(n);
            batchSize = n;
            return this;
        }

        /** Largest message. Default 64 MiB. */
        public Builder maxFrameBytes(int n) {
            check.maxFrameBytes(n);
            maxFrameBytes = n;
            return this;
        }

        /** How long opening the executor's pool may take. Default 30 s. */
        public Builder startupTimeout(Duration timeout) {
            check.startupTimeout(timeout);
            startupTimeoutMillis = Math.max(1, timeout.toMillis());
            return this;
        }

        /** How long closing the executor's pool lets work finish. Default 2 s. */
        public Builder shutdownTimeout(Duration timeout) {
            check.shutdownTimeout(timeout);
            shutdownTimeoutMillis = Math.max(1, timeout.toMillis());
            return this;
        }

        /** Extra classes results may contain, by class (their names travel with the spec). */
        public Builder register(Class<?>... classes) {
            check.register(classes);
            for (Class<?> c : classes) {
                registered.add(c.getName());
            }
            return this;
        }

        /** The spec. */
        public PoolSpec build() {
            return new PoolSpec(workers, jvmArgs, taskTimeoutMillis, maxRetries, maxTasksPerWorker, window, batchSize,
                    maxFrameBytes, startupTimeoutMillis, shutdownTimeoutMillis, registered);
        }
    }
}
