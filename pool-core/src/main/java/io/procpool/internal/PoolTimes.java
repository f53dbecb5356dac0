package io.procpool.internal;

import io.procpool.PoolStats;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A pool's time accounting: the {@link WorkerTimes} of its live workers, the sums of the workers
 * it has lost (recycled, crashed, retired: their times stay in the totals), and per task class
 * run-time percentiles ({@link TaskClassTimes}).
 *
 * <p>Thread-safe. Lock order: this, then a {@link WorkerTimes}; never the coordinator lock.
 */
public final class PoolTimes {
    private final Set<WorkerTimes> live = new LinkedHashSet<>();
    private final long[] lost = new long[4];
    final TaskClassTimes taskClasses = new TaskClassTimes();

    /** A worker whose threads have started. */
    public synchronized void add(WorkerTimes w) {
        live.add(w);
    }

    /** A worker is gone: its times end at {@code now} and move into the lost workers' sums. */
    public synchronized void lost(WorkerTimes w, long now) {
        w.end(now);
        if (live.remove(w)) {
            w.addTo(lost, now);
        }
    }

    /** Every worker's times as of {@code now}, live and lost. */
    synchronized PoolStats.Times totals(long now) {
        long[] sums = lost.clone();
        for (WorkerTimes w : live) {
            w.addTo(sums, now);
        }
        return WorkerTimes.times(sums);
    }

    /** Run-time percentiles per task class, in the order the classes first ran. */
    List<PoolStats.TaskTimes> taskTimes() {
        return taskClasses.snapshot();
    }
}
