package io.procpool;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a pool's counters, from {@link WorkerPool#stats()}. Counters start at 0 when the
 * pool opens and only grow.
 *
 * @param tasksCompleted elements that finished successfully
 * @param tasksFailed elements that failed for good (task threw, serialization, crash, timeout)
 * @param tasksRetried times an element was re-queued because its worker died while holding it
 * @param tasksTimedOut elements that failed with {@link TaskTimeoutException} (also in {@code tasksFailed})
 * @param workersStarted worker processes started, replacements included
 * @param workersCrashed workers that died unexpectedly or were killed for a timeout
 * @param workersRecycled workers retired after {@code maxTasksPerWorker} elements
 * @param workers the live workers, in start order
 * @param starts workers that got ready, by why they were started (every reason present)
 * @param exits workers that ended, by why (every reason present); {@code RECYCLED} equals
 *     {@code workersRecycled}
 */
public record PoolStats(long tasksCompleted, long tasksFailed, long tasksRetried, long tasksTimedOut,
        long workersStarted, long workersCrashed, long workersRecycled, List<Worker> workers,
        Map<PoolListener.WorkerStart, Long> starts, Map<PoolListener.WorkerExit, Long> exits) {
    /** Defensive copies. */
    public PoolStats {
        workers = List.copyOf(workers);
        starts = Map.copyOf(starts);
        exits = Map.copyOf(exits);
    }

    /**
     * One live worker.
     *
     * @param id the pool's number for the worker (as in thread names and logs: w3)
     * @param pid its process id
     * @param tasksCompleted elements it has answered (successes and task failures)
     * @param tasksInFlight elements sent to it and not yet answered
     */
    public record Worker(int id, long pid, long tasksCompleted, int tasksInFlight) {}
}
