package io.procpool.spark;

import io.procpool.PoolStats;
import io.procpool.WorkerPool;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process pools of this JVM (a Spark executor, or the driver in local mode): one per
 * {@link PoolSpec}, opened on first use and shared by every Spark task running here, so a stage
 * of 200 partitions on an executor starts {@code spec.workers()} processes, not 200 times that.
 * Pools close when the application ends ({@code SparkContext.stop()}, through a listener that
 * {@link ProcPoolSpark} registers) or, at the latest, when the JVM exits.
 *
 * <p>Thread-safe.
 */
public final class ExecutorPools {
    private static final Map<PoolSpec, WorkerPool> POOLS = new ConcurrentHashMap<>();

    static {
        Thread hook = new Thread(ExecutorPools::closeAll, "procpool-spark-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private ExecutorPools() {}

    /**
     * The pool for {@code spec}, opened now if this JVM has none. Registered classes are loaded
     * with {@code loader} (the executor's class loader, which holds the application's jars).
     *
     * @throws io.procpool.PoolException when the workers cannot start
     */
    static WorkerPool get(PoolSpec spec, ClassLoader loader) {
        return POOLS.computeIfAbsent(spec, s -> s.toPoolBuilder(loader).open());
    }

    /** Counters of this JVM's pool for {@code spec}, if it has one open. */
    public static Optional<PoolStats> stats(PoolSpec spec) {
        return Optional.ofNullable(POOLS.get(spec)).map(WorkerPool::stats);
    }

    /** Closes every pool of this JVM (gracefully, each within its shutdown timeout); later use opens new ones. */
    public static void closeAll() {
        for (PoolSpec spec : POOLS.keySet()) {
            WorkerPool pool = POOLS.remove(spec);
            if (pool != null) {
                pool.close();
            }
        }
    }
}
