package io.procpool.internal.schedule;

import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolListener.WorkerStart;
import java.util.ArrayDeque;

/**
 * The scheduling state of one worker: its phase and the batches it holds. No threads, no I/O;
 * guarded by the coordinator lock. {@link WorkerProcess} owns the process and its streams.
 *
 * <p>Phases and their transitions (checked in {@link #moveTo}, the one place they change):
 * <pre>
 * STARTING ──READY──▶ READY ──max tasks, idle, memory──▶ RETIRING ──BYE──▶ RETIRED
 *    │                  │  └──task timeout──▶ TIMED_OUT ◀──task timeout──┴─────────┤
 *    │                  └──running element cancelled──▶ CANCELLING ◀──────────────┘ (from RETIRING too)
 *    └──BYE──▶ STOPPING ◀──BYE (close, broken pool)
 * any ──loss reported──▶ DEAD
 * </pre>
 */
public final class WorkerSlot {
    enum Phase {
        /** Spawned; handshake under way. */
        STARTING,
        /** Takes work. */
        READY,
        /**
         * Retiring for {@link #retireReason}: no new work. After {@code maxTasksPerWorker}, BYE
         * once it holds nothing; when idle or over its memory limit, BYE at once.
         */
        RETIRING,
        /** BYE sent to a retiring worker: it finishes the element it runs and exits; the rest run elsewhere. */
        RETIRED,
        /** BYE sent because the pool closes or broke: it finishes the running element and exits. */
        STOPPING,
        /** An element ran past the task timeout: the worker is being killed. */
        TIMED_OUT,
        /** The element it runs was cancelled with interruption: the worker is being killed. */
        CANCELLING,
        /** Its loss was handled. */
        DEAD;

        boolean canMoveTo(Phase next) {
            return switch (this) {
                case STARTING -> next == READY || next == STOPPING || next == DEAD;
                case READY -> next == RETIRING || next == STOPPING || next == TIMED_OUT || next == CANCELLING
                        || next == DEAD;
                case RETIRING -> next == RETIRED || next == TIMED_OUT || next == CANCELLING || next == DEAD;
                case RETIRED -> next == TIMED_OUT || next == CANCELLING || next == DEAD;
                case STOPPING, TIMED_OUT, CANCELLING -> next == DEAD;
                case DEAD -> false;
            };
        }
    }

    public final int id;
    /** When the worker's process was started (for the start-up time it reports when ready). */
    final long spawnNanos;
    final WorkerStart startReason;
    /** Why it retires (RECYCLED, IDLE or MEMORY); set with RETIRING. */
    WorkerExit retireReason;
    /** Since when it holds nothing (0 while it holds something); idle retirement counts from here. */
    long idleSinceNanos;
    final ArrayDeque<Batch> inflight = new ArrayDeque<>();
    private Phase phase = Phase.STARTING;
    private boolean wasReady;
    /** Elements ever sent to this worker (recycling counts these). */
    long assigned;
    public long completed;
    long lastResultNanos;
    /** Set with TIMED_OUT: how long the element had run, and which element it was. */
    long timeoutElapsedNanos;
    long timeoutUnitId = -1;

    WorkerSlot(int id, long spawnNanos, WorkerStart startReason) {
        this.id = id;
        this.spawnNanos = spawnNanos;
        this.startReason = startReason;
    }

    Phase phase() {
        return phase;
    }

    /** Moves to {@code next}; throws if the state machine has no such edge. */
    void moveTo(Phase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException("worker cannot go from " + phase + " to " + next);
        }
        if (next == Phase.READY) {
            wasReady = true;
        }
        phase = next;
    }

    /** Whether the worker finished its handshake at some point (else its loss is a start failure). */
    boolean wasReady() {
        return wasReady;
    }

    boolean canTakeWork() {
        return phase == Phase.READY;
    }

    /** Not on its way out: counts towards the pool's size. */
    boolean active() {
        return phase == Phase.STARTING || phase == Phase.READY;
    }

    /** Elements sent and not answered; derived from the batches. */
    public int inflightItems() {
        int n = 0;
        for (Batch b : inflight) {
            n += b.remaining();
        }
        return n;
    }

    /**
     * Tells the worker to leave, once: a retiring worker becomes RETIRED, any other STOPPING (a
     * BYE action); one already leaving, or timed out and being killed, gets nothing.
     */
    void bye(Actions out) {
        Phase next = switch (phase) {
            case STARTING, READY -> Phase.STOPPING;
            case RETIRING -> Phase.RETIRED;
            default -> null;
        };
        if (next != null) {
            moveTo(next);
            out.add(new Action.Bye(id));
        }
    }

    /** Stops giving the worker work (READY becomes RETIRING) and notes why it goes. */
    void retire(WorkerExit reason) {
        if (phase == Phase.READY) {
            moveTo(Phase.RETIRING);
        }
        retireReason = reason;
    }

    /**
     * Kills the worker (a KILL action; CANCELLING) if the element it runs now belongs to a job
     * cancelled with interruption; false if it does not, or if which element runs is not known.
     * It is known, as in {@link Attribution}, when results come one by one ({@code exact}: a task
     * timeout or {@code maxRetries(0)}) or when the oldest batch, already on the pipe, has one
     * element left; otherwise the worker may hold answered results of that batch, and the
     * cancelled element runs to its end (its result is ignored).
     */
    boolean killIfRunningCancelled(Actions out, boolean exact) {
        if (phase != Phase.READY && phase != Phase.RETIRING && phase != Phase.RETIRED) {
            return false;
        }
        Batch b = inflight.peekFirst();
        if (b == null || b.writtenNanos == 0 || !(exact || b.remaining() == 1)
                || !b.units[b.done].job.stopsRunning()) {
            return false;
        }
        moveTo(Phase.CANCELLING);
        out.add(new Action.Kill(id));
        return true;
    }
}
