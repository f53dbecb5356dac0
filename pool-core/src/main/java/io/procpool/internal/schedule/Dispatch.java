package io.procpool.internal.schedule;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which elements go to a worker next, and how many: the cost model (an EWMA of the per-element
 * run time reported by workers, per task class) sets the batch size so one batch holds about
 * {@link #TARGET_BATCH_NANOS} of work, and each worker holds up to three batches, so it never
 * waits a round trip. Unknown cost means batches of one. Pure: no threads, no I/O, no clock of its
 * own; guarded by the coordinator lock.
 */
public final class Dispatch {
    static final long TARGET_BATCH_NANOS = 1_000_000;
    /** EWMA weights of a new cost sample: above the estimate, and below it (JIT warm-up). */
    static final double ALPHA = 0.3;
    static final double ALPHA_DOWN = 0.7;
    static final int MAX_BATCH = 2048;

    private final int fixedBatch;
    private final int maxTasksPerWorker;
    private final int maxFrameBytes;
    private final Map<String, double[]> costs = new HashMap<>();

    /**
     * @param fixedBatch the configured batch size, or 0 to size batches from measured costs
     * @param maxTasksPerWorker elements after which a worker is recycled, or 0
     */
    Dispatch(int fixedBatch, int maxTasksPerWorker, int maxFrameBytes) {
        this.fixedBatch = fixedBatch;
        this.maxTasksPerWorker = maxTasksPerWorker;
        this.maxFrameBytes = maxFrameBytes;
    }

    int batchSizeFor(String className) {
        if (fixedBatch > 0) {
            return fixedBatch;
        }
        double[] cost = costs.get(className);
        if (cost == null) {
            return 1;
        }
        return (int) Math.max(1, Math.min(MAX_BATCH, TARGET_BATCH_NANOS / Math.max(1.0, cost[0])));
    }

    /**
     * Elements a worker may hold: three batches of small tasks (one running, two covering the
     * round trip); for tasks that take longer than a batch target, one running and one queued,
     * so the end of a run is not spent waiting on a worker's private queue.
     */
    private int inflightTarget(String className, int batch) {
        double[] cost = costs.get(className);
        if (fixedBatch == 0 && cost != null && cost[0] >= TARGET_BATCH_NANOS) {
            return 2;
        }
        return Math.max(2, 3 * batch);
    }

    /** A worker reported that {@code n} elements of {@code className} took {@code runNanos}. */
    void recordCost(String className, long runNanos, int n) {
        double[] cost = costs.computeIfAbsent(className, k -> new double[] {-1});
        double sample = (double) runNanos / n;
        // Costs fall fast while the JIT warms a worker up, so follow a lower sample quickly
        // and a higher one cautiously.
        double alpha = sample < cost[0] ? ALPHA_DOWN : ALPHA;
        cost[0] = cost[0] < 0 ? sample : cost[0] * (1 - alpha) + sample * alpha;
    }

    /**
     * Takes the next batch for {@code slot} from the front of {@code pending} (dropping cancelled
     * elements on the way) and records it as in flight; null when there is nothing to send or no
     * room. One task class and instance per batch; a suspect travels alone; the frame cap bounds known sizes.
     * Moves the slot to RETIRING when it reaches {@code maxTasksPerWorker}.
     */
    Batch next(ArrayDeque<TaskUnit> pending, WorkerSlot slot, int workerCount, long nowNanos) {
        TaskUnit first;
        while ((first = pending.peekFirst()) != null && first.job.isCancelled()) {
            pending.pollFirst();
        }
        if (first == null || !slot.canTakeWork()) {
            return null;
        }
        String cls = first.className;
        int batch = batchSizeFor(cls);
        long room = inflightTarget(cls, batch) - slot.inflightItems();
        if (maxTasksPerWorker > 0) {
            room = Math.min(room, maxTasksPerWorker - slot.assigned);
        }
        int limit = (int) Math.min(batch, room);
        if (limit <= 0) {
            return null;
        }
        if (first.job.inputEnded()) {
            // At the end of the input, split what is left across the workers. Before it, a short
            // queue only means the next elements are on their way: splitting it then cut every
            // refill into halves, quarters, eighths (batches of 28-50 in a map of tiny tasks).
            int workers = Math.max(1, workerCount);
            limit = Math.min(limit, Math.max(1, (pending.size() + workers - 1) / workers));
        }
        TaskUnit[] units = new TaskUnit[Math.min(limit, pending.size())];
        int count = 0;
        int bytes = cls.length() * 3 + 16;
        while (count < units.length) {
            TaskUnit u = pending.peekFirst();
            if (u == null) {
                break;
            }
            if (u.job.isCancelled()) {
                pending.pollFirst();
                continue;
            }
            if (!u.className.equals(cls) || u.instance != first.instance || (u.suspect && count > 0)
                    || (bytes + u.knownSize() + 16 > maxFrameBytes && count > 0)) {
                break;
            }
            pending.pollFirst();
            units[count++] = u;
            bytes += u.knownSize() + 16;
            if (u.suspect) {
                break;
            }
        }
        if (count == 0) {
            return null;
        }
        Batch sent = new Batch(count == units.length ? units : Arrays.copyOf(units, count), nowNanos);
        slot.inflight.addLast(sent);
        slot.assigned += sent.units.length;
        if (maxTasksPerWorker > 0 && slot.assigned >= maxTasksPerWorker) {
            slot.moveTo(WorkerSlot.Phase.RETIRING);
        }
        return sent;
    }
}
