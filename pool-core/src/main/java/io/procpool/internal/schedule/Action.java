package io.procpool.internal.schedule;

import io.procpool.PoolException;
import io.procpool.PoolListener;

/**
 * What the {@link Scheduler} decided, for the coordinator to carry out. {@link Send} and
 * {@link Bye} are queue operations on a worker's outbox and are applied under the coordinator
 * lock, in the order decided, because the order on the pipe must match the order of the worker's
 * in-flight batches; the listener events of {@link Send}, {@link Retried}, {@link Started} and
 * {@link Exited} are queued there too, so listeners see them in the scheduler's order. Kills,
 * spawns, failures and logging happen after the lock is released.
 */
public sealed interface Action {
    /** Put {@code batch} on worker {@code worker}'s outbox. Under the lock. */
    record Send(int worker, Batch batch) implements Action {}

    /** Queue BYE for the worker and close its stdin after it. Under the lock. */
    record Bye(int worker) implements Action {}

    /** SIGKILL the worker (its loss is reported as usual once it is gone). */
    record Kill(int worker) implements Action {}

    /** Start one worker after {@code delayNanos}; it counts as spawning from now on. */
    record Spawn(long delayNanos) implements Action {}

    /** {@code unit} fails for good. The coordinator builds the exception (it knows the process). */
    record Fail(TaskUnit unit, Failure why, int worker, long elapsedNanos) implements Action {}

    /** {@code unit} may have run on a worker that died, and runs again. */
    record Retried(TaskUnit unit, int worker) implements Action {}

    /** The worker finished its handshake {@code tookNanos} after it was spawned. */
    record Started(int worker, long tookNanos, PoolListener.WorkerStart reason) implements Action {}

    /** The worker's loss was handled, for this reason. */
    record Exited(int worker, int exit, PoolListener.WorkerExit reason) implements Action {}

    /**
     * A worker died before its handshake, or a process could not be started ({@code worker} 0);
     * {@code retry}: another is started after the back-off; else none is, and the pool did not
     * break only because it is closing (a pool that breaks says so with {@link Broke}).
     */
    record StartFailed(int worker, boolean retry, String message) implements Action {}

    /** The pool broke: every job is aborted with {@code cause}. */
    record Broke(PoolException cause) implements Action {}

    /** Why an element failed for good on a worker's loss. */
    enum Failure {
        /** It killed its worker more than {@code maxRetries} times. */
        CRASHED,
        /** It ran past the task timeout. */
        TIMED_OUT,
        /** The pool closed before it completed. */
        CLOSED
    }
}
