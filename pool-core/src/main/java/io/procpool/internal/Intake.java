package io.procpool.internal;

import io.procpool.internal.schedule.Job;
import io.procpool.internal.schedule.TaskUnit;
import java.util.List;

/** What a job needs from its pool: unit ids, the pending queue, and leaving it. Implemented by the coordinator. */
public interface Intake {
    /** Reserves {@code n} consecutive unit ids and returns the first. */
    long reserveUnitIds(int n);

    /** Queues units for dispatch; throws a {@code PoolException} when the pool takes no work. */
    void enqueue(List<TaskUnit> units);

    /**
     * A cancelled job: its queued units are dropped; when the pool is set to stop a closed
     * {@code map}'s running elements, the workers running its elements are killed and replaced.
     */
    void forget(Job job);

    /** A finished job. */
    void unregister(Job job);
}
