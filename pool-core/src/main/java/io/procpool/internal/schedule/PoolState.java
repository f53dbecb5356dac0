package io.procpool.internal.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The pool's lifecycle, and the close-time decisions that depend on it. Pure; coordinator lock.
 * <pre>
 * OPENING ──all workers ready──▶ OPEN ──close()──▶ DRAINING ──idle or deadline──▶ CLOSING ──reaped──▶ CLOSED
 *    │                             │                                                 ▲
 *    └──workers cannot start──▶ BROKEN ──close()──────────────────────────────────────┘
 * </pre>
 * DRAINING takes no new calls but still dispatches, replaces lost workers and re-runs their
 * elements; CLOSING fails what is queued, sends BYE, and fails what a gone worker still held.
 * {@code closeNow()} and a close while OPENING go straight to CLOSING.
 */
public enum PoolState {
    OPENING, OPEN, DRAINING, CLOSING, CLOSED, BROKEN;

    boolean canMoveTo(PoolState next) {
        return switch (this) {
            case OPENING -> next == OPEN || next == BROKEN || next == DRAINING || next == CLOSING;
            case OPEN -> next == BROKEN || next == DRAINING || next == CLOSING;
            case DRAINING -> next == CLOSING;
            case BROKEN -> next == CLOSING;
            case CLOSING -> next == CLOSED;
            case CLOSED -> false;
        };
    }

    /** Whether queued elements are sent to workers. */
    public boolean dispatches() {
        return this == OPENING || this == OPEN || this == DRAINING;
    }

    /** Whether a lost worker is replaced (while draining, only if work is still queued). */
    boolean replacesWorkers(boolean workQueued) {
        return this == OPENING || this == OPEN || (this == DRAINING && workQueued);
    }

    /** Whether a worker's loss is handled as a crash (blame, retries) rather than as part of closing. */
    boolean handlesLosses() {
        return this != CLOSING && this != CLOSED;
    }

    /** Drain is over: nothing queued (cancelled elements dropped on the way) and nothing in flight. */
    static boolean idle(ArrayDeque<TaskUnit> pending, Collection<WorkerSlot> slots) {
        pending.removeIf(u -> u.job.isCancelled());
        if (!pending.isEmpty()) {
            return false;
        }
        for (WorkerSlot s : slots) {
            if (!s.inflight.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** At CLOSING: empties the queue and returns what must fail with {@code PoolClosedException}. */
    static List<TaskUnit> leftovers(ArrayDeque<TaskUnit> pending) {
        List<TaskUnit> left = new ArrayList<>();
        for (TaskUnit u : pending) {
            if (!u.job.isCancelled()) {
                left.add(u);
            }
        }
        pending.clear();
        return left;
    }

    /**
     * A worker gone while the pool closes is not replaced: what it still held (BYE made it skip
     * them, or it was killed at the deadline) must fail, so every element gets one outcome.
     */
    static List<TaskUnit> unfinished(WorkerSlot slot) {
        List<TaskUnit> left = new ArrayList<>();
        for (Batch b : slot.inflight) {
            for (int i = b.done; i < b.units.length; i++) {
                left.add(b.units[i]);
            }
        }
        slot.inflight.clear();
        return left;
    }
}
