package io.procpool.internal;

import java.util.ArrayDeque;

/**
 * The scheduling state of one worker: its phase and the batches it holds. No threads, no I/O;
 * guarded by the coordinator lock. {@link WorkerProcess} owns the process and its streams.
 *
 * <p>Phases and their transitions (checked in {@link #moveTo}, the one place they change):
 * <pre>
 * STARTING ──READY──▶ READY ──max tasks reached──▶ RETIRING ──BYE──▶ RETIRED
 *    │                  │  └──task timeout──▶ TIMED_OUT ◀──task timeout──┘
 *    └──BYE──▶ STOPPING ◀──BYE (close, broken pool)
 * any ──loss reported──▶ DEAD
 * </pre>
 */
final class WorkerSlot {
    enum Phase {
        /** Spawned; handshake under way. */
        STARTING,
        /** Takes work. */
        READY,
        /** Reached {@code maxTasksPerWorker}: no new work; BYE once it holds nothing. */
        RETIRING,
        /** BYE sent to a retiring worker: it exits after its last result. */
        RETIRED,
        /** BYE sent because the pool closes or broke: it finishes the running element and exits. */
        STOPPING,
        /** An element ran past the task timeout: the worker is being killed. */
        TIMED_OUT,
        /** Its loss was handled. */
        DEAD;

        boolean canMoveTo(Phase next) {
            return switch (this) {
                case STARTING -> next == READY || next == STOPPING || next == DEAD;
                case READY -> next == RETIRING || next == STOPPING || next == TIMED_OUT || next == DEAD;
                case RETIRING -> next == RETIRED || next == TIMED_OUT || next == DEAD;
                case RETIRED, STOPPING, TIMED_OUT -> next == DEAD;
                case DEAD -> false;
            };
        }
    }

    final int id;
    /** When the worker's process was started (for the start-up time it reports when ready). */
    final long spawnNanos;
    final ArrayDeque<Batch> inflight = new ArrayDeque<>();
    private Phase phase = Phase.STARTING;
    private boolean wasReady;
    /** Elements ever sent to this worker (recycling counts these). */
    long assigned;
    long completed;
    long lastResultNanos;
    /** Set with TIMED_OUT: how long the element had run, and which element it was. */
    long timeoutElapsedNanos;
    long timeoutUnitId = -1;

    WorkerSlot(int id, long spawnNanos) {
        this.id = id;
        this.spawnNanos = spawnNanos;
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
    int inflightItems() {
        int n = 0;
        for (Batch b : inflight) {
            n += b.remaining();
        }
        return n;
    }
}
