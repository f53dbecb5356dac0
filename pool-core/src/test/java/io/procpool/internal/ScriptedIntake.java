package io.procpool.internal;

import io.procpool.internal.schedule.Job;

/**
 * A pool as a job sees it, for unit tests of jobs: unit ids count up from 1, forgetting and
 * leaving do nothing, and each test scripts what happens to enqueued elements.
 */
public abstract class ScriptedIntake implements Intake {
    private long ids = 1;

    @Override
    public long reserveUnitIds(int n) {
        long first = ids;
        ids += n;
        return first;
    }

    @Override
    public void forget(Job job) {}

    @Override
    public void unregister(Job job) {}
}
