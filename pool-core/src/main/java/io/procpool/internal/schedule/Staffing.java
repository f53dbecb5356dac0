package io.procpool.internal.schedule;

import io.procpool.PoolListener.WorkerStart;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How many workers a pool should have, and which idle ones may go: at least {@code minWorkers};
 * while work is queued that no live worker can take, one more per queued element up to
 * {@code maxWorkers}; workers above the minimum retire after {@code idleTimeout} without work.
 * Also keeps the spawns under way (with why each was asked for) and the start back-off. Pure
 * (time is passed in); part of the {@link Scheduler}, under the coordinator lock.
 */
public final class Staffing {
    private final int minWorkers;
    private final int maxWorkers;
    private final long idleTimeoutNanos;
    private final StartBackoff backoff = new StartBackoff();
    /**
     * Why each spawn under way was asked for, oldest first: spawn actions not yet answered by a
     * process that started, was refused or failed (its size is the number under way).
     */
    private final ArrayDeque<WorkerStart> spawning = new ArrayDeque<>();

    Staffing(int minWorkers, int maxWorkers, long idleTimeoutNanos) {
        this.minWorkers = minWorkers;
        this.maxWorkers = maxWorkers;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** Asks for one worker now (the pool opens with {@code minWorkers} of them). */
    void spawn(Actions out, long delayNanos, WorkerStart reason) {
        spawning.addLast(reason);
        out.add(new Action.Spawn(delayNanos));
    }

    /** A spawn under way is over (started, refused or failed); returns why it was asked for. */
    WorkerStart spawnAnswered() {
        return spawning.poll();
    }

    boolean spawning() {
        return !spawning.isEmpty();
    }

    /**
     * Spawns workers (after the back-off's delay) until there are {@code minWorkers}, or, with
     * {@code queued} elements waiting, one more per element up to {@code maxWorkers}.
     */
    void fill(Actions out, List<WorkerSlot> slots, int queued, long now, WorkerStart reason) {
        int live = activeCount(slots);
        int target = minWorkers;
        if (queued > 0) {
            target = (int) Math.max(target, Math.min(maxWorkers, (long) live + queued));
        }
        long delay = backoff.respawnDelay(now);
        for (int i = live + spawning.size(); i < target; i++) {
            spawn(out, delay, reason);
        }
    }

    /** Ready workers idle for {@code idleTimeout} that the pool can spare, above {@code minWorkers}. */
    List<WorkerSlot> idle(List<WorkerSlot> slots, long now) {
        List<WorkerSlot> spare = new ArrayList<>();
        int active = activeCount(slots);
        for (WorkerSlot s : slots) {
            if (active > minWorkers && s.phase() == WorkerSlot.Phase.READY && s.inflight.isEmpty()
                    && s.idleSinceNanos != 0 && now - s.idleSinceNanos >= idleTimeoutNanos) {
                spare.add(s);
                active--;
            }
        }
        return spare;
    }

    /** Whether the pool may shrink at all. */
    boolean elastic() {
        return minWorkers < maxWorkers;
    }

    /** A worker died before its handshake: see {@link StartBackoff}. */
    StartBackoff.Verdict startFailed(boolean killed, boolean opening, long now) {
        return backoff.failed(killed, opening, now);
    }

    /** A worker got ready: starting works. */
    void ready() {
        backoff.ready();
    }

    /** Live workers that are not on their way out. */
    static int activeCount(List<WorkerSlot> slots) {
        int n = 0;
        for (WorkerSlot s : slots) {
            if (s.active()) {
                n++;
            }
        }
        return n;
    }
}
