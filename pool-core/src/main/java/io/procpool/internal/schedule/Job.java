package io.procpool.internal.schedule;

import io.procpool.PoolException;

/**
 * Where the outcomes of one {@code map} call or one {@code submit} go. Called by worker reader
 * threads (outside the coordinator lock); implementations only store and signal, never run user code.
 */
public abstract class Job {
    /** The element finished; {@code value} is the deserialized result. */
    public abstract void succeeded(TaskUnit unit, Object value);

    /** Elements {@code from..to-1} of {@code units} finished with {@code values[i]}. */
    public void succeededAll(TaskUnit[] units, Object[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            succeeded(units[i], values[i]);
        }
    }

    /** The element failed for good. */
    public abstract void failed(TaskUnit unit, PoolException error);

    /** True when nobody wants the outcomes any more; pending units of the job are dropped. */
    public abstract boolean isCancelled();

    /** Set once when the job is cancelled with interruption: its running elements are stopped. */
    private volatile boolean stopRunning;

    /** Whether a worker running one of this job's elements is to be killed (read per RESULT frame). */
    final boolean stopsRunning() {
        return stopRunning;
    }

    /** Marks the job cancelled with interruption (before telling the scheduler). */
    public final void stopRunning() {
        stopRunning = true;
    }

    /**
     * Whether no more elements of this job will join the queue (a map whose input is used up or
     * stopped; a single submitted task).
     */
    public boolean inputEnded() {
        return true;
    }

    /** The pool is closing: take no further input (elements already taken still run). */
    public void stopIntake() {}

    /**
     * The pool closed or broke: wake waiters and fail whatever is outstanding. With
     * {@code discardArrived}, outcomes that arrived but were not handed out yet are dropped too
     * ({@code closeNow}, a broken pool); otherwise they are still handed out ({@code close}).
     */
    public abstract void abort(PoolException cause, boolean discardArrived);
}
