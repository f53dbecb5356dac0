package io.procpool;

import java.time.Duration;

/**
 * Receives what happens in a pool, for metrics and monitoring. Every method has an empty default.
 *
 * <p>Threading: calls come one at a time, in order, on the pool's single event thread
 * ({@code procpool-events}), never on a thread that reads worker output and never under a pool
 * lock. A slow listener delays later events, not the pool. Exceptions thrown by a listener are
 * logged and dropped. Events for elements come per batch, so counts may be larger than 1.
 */
public interface PoolListener {
    /** {@code count} elements of {@code taskClass} were sent to the worker with {@code pid}. */
    default void tasksStarted(String taskClass, int count, long pid) {}

    /** {@code count} elements of {@code taskClass} finished successfully on the worker with {@code pid}. */
    default void tasksCompleted(String taskClass, int count, long pid) {}

    /** One element failed for good; {@code error} is what its caller receives. */
    default void taskFailed(String taskClass, PoolException error) {}

    /**
     * One element will run again because its worker (with {@code pid}) died while holding it;
     * {@code index} is its position in its {@code map} input, or -1 for {@code submit}.
     */
    default void taskRetried(String taskClass, long index, long pid) {}

    /** A worker completed its handshake and takes work. */
    default void workerStarted(int workerId, long pid, Duration spawnToReady) {}

    /**
     * A worker completed its handshake and takes work, started for {@code reason}. The pool calls
     * this one; by default it calls {@link #workerStarted(int, long, Duration)}.
     */
    default void workerStarted(int workerId, long pid, Duration spawnToReady, WorkerStart reason) {
        workerStarted(workerId, pid, spawnToReady);
    }

    /** A worker process ended and was reaped. */
    default void workerExited(int workerId, long pid, int exitCode, WorkerExit reason) {}

    /** Why a worker was started. */
    enum WorkerStart {
        /** One of the pool's {@code minWorkers}, started by {@code open()}. */
        INITIAL,
        /** Replaces a worker that died, timed out, was recycled or killed for a cancelled element. */
        REPLACEMENT,
        /** Work was waiting that no live worker could take (an elastic pool growing towards {@code maxWorkers}). */
        DEMAND
    }

    /** Why a worker ended. */
    enum WorkerExit {
        /** Retired after {@code maxTasksPerWorker} elements. */
        RECYCLED,
        /** Retired after {@code idleTimeout} with nothing to do, the pool being above {@code minWorkers}. */
        IDLE,
        /** Retired because its memory grew past {@code maxWorkerMemory}. */
        MEMORY,
        /** Killed because the element it was running was cancelled ({@code cancel(true)}, a closed {@code map}). */
        CANCELLED,
        /** Died unexpectedly (exit, signal, broken channel) or failed to start. */
        CRASHED,
        /** Killed because an element ran past {@code taskTimeout}. */
        TIMED_OUT,
        /** Ended by {@link WorkerPool#close()}. */
        CLOSED
    }
}
