package io.procpool.internal;

import io.procpool.PoolStats;
import java.time.Duration;

/**
 * Where one worker's time went, as its coordinator-side threads see it: <b>starting</b> (from
 * when the process was handed to the pool until its READY frame), <b>idle</b> (ready with no
 * element written to it and unanswered), <b>running</b> (the worker's own per-element run times,
 * as its RESULT frames report them: parameter decoding, the task and result encoding) and
 * <b>serializing</b> (parameter encoding on its writer thread plus result decoding on its reader
 * thread, in the coordinator). Updated once per TASK or RESULT frame, never per element.
 *
 * <p>The writer thread reports what it sends, the reader what comes back, {@link PoolTimes}
 * ends it when the worker is lost; after that it is frozen. All times are {@code System.nanoTime}
 * values passed in (tests use a fake clock). Thread-safe: a leaf lock (nothing else is locked
 * while it is held).
 */
public final class WorkerTimes {
    private final long createdAt;
    private long readyAt = -1;
    private long endedAt = -1;
    /** Elements written to the worker and not yet answered. */
    private long inFlight;
    /** When the current idle stretch began; -1 while not idle. */
    private long idleSince = -1;
    private long idle;
    private long running;
    private long serializing;

    public WorkerTimes(long now) {
        this.createdAt = now;
    }

    /** The worker's READY frame arrived. Reader thread. */
    public synchronized void ready(long now) {
        if (readyAt < 0 && endedAt < 0) {
            readyAt = now;
            if (inFlight == 0) {
                idleSince = now;
            }
        }
    }

    /** {@code elements} are about to be written to the worker. Writer thread. */
    public synchronized void sending(int elements, long now) {
        if (endedAt >= 0) {
            return;
        }
        if (idleSince >= 0) {
            idle += Math.max(0, now - idleSince);
            idleSince = -1;
        }
        inFlight += elements;
    }

    /** Parameters of one TASK frame took {@code nanos} to encode. Writer thread. */
    public synchronized void encoded(long nanos) {
        if (endedAt < 0) {
            serializing += nanos;
        }
    }

    /**
     * A RESULT frame answered {@code elements} that ran for {@code runNanos} in the worker, and
     * took {@code decodeNanos} to decode here. Reader thread.
     */
    public synchronized void answered(int elements, long runNanos, long decodeNanos, long now) {
        if (endedAt >= 0) {
            return;
        }
        inFlight = Math.max(0, inFlight - elements);
        running += runNanos;
        serializing += decodeNanos;
        if (inFlight == 0 && readyAt >= 0 && idleSince < 0) {
            idleSince = now;
        }
    }

    /** The worker is gone: its times stop here. Returns false if it had already ended. */
    synchronized boolean end(long now) {
        if (endedAt >= 0) {
            return false;
        }
        if (idleSince >= 0) {
            idle += Math.max(0, now - idleSince);
            idleSince = -1;
        }
        endedAt = now;
        return true;
    }

    /** Adds starting, idle, running and serializing nanoseconds as of {@code now} to {@code sums[0..3]}. */
    synchronized void addTo(long[] sums, long now) {
        long at = endedAt >= 0 ? endedAt : now;
        sums[0] += Math.max(0, (readyAt >= 0 ? readyAt : at) - createdAt);
        sums[1] += idle + (idleSince >= 0 ? Math.max(0, at - idleSince) : 0);
        sums[2] += running;
        sums[3] += serializing;
    }

    /** The times as of {@code now}. */
    PoolStats.Times snapshot(long now) {
        long[] sums = new long[4];
        addTo(sums, now);
        return times(sums);
    }

    static PoolStats.Times times(long[] sums) {
        return new PoolStats.Times(Duration.ofNanos(sums[0]), Duration.ofNanos(sums[1]), Duration.ofNanos(sums[2]),
                Duration.ofNanos(sums[3]));
    }
}
