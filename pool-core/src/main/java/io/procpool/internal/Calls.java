package io.procpool.internal;

import io.procpool.internal.progress.ProgressConsole;
import io.procpool.internal.progress.ProgressPrinter;
import io.procpool.internal.schedule.Job;
import io.procpool.internal.schedule.PoolState;
import io.procpool.internal.schedule.TaskRef;
import io.procpool.internal.schedule.TaskUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calling side of a pool: checks a task class or instance, turns {@code map} and
 * {@code submit} calls into jobs and their elements, and is the {@link Intake} the jobs feed and
 * leave. Elements go to the {@link Scheduler} through the coordinator.
 */
final class Calls implements Intake {
    private final Coordinator c;
    private final TaskClasses taskClasses = new TaskClasses();
    /** Task instances, serialized once each. */
    private final TaskRefs taskRefs;
    private final AtomicLong unitIds = new AtomicLong();

    Calls(Coordinator c) {
        this.c = c;
        this.taskRefs = new TaskRefs(taskClasses, c.codecs::newWriter);
    }

    @Override
    public void forget(Job job) {
        forget(job, c.config.stopRunningOnMapClose());
    }

    @Override
    public void unregister(Job job) {
        c.jobs.remove(job);
    }

    private void register(Job job) {
        c.jobs.add(job);
        c.lock.lock();
        try {
            if (c.scheduler.state() != PoolState.OPEN) {
                c.jobs.remove(job);
                c.scheduler.checkOpen();
            }
        } finally {
            c.lock.unlock();
        }
    }

    /** Queues units for dispatch. */
    @Override
    public void enqueue(List<TaskUnit> units) {
        if (!units.isEmpty()) {
            c.apply(() -> c.scheduler.enqueue(units, System.nanoTime()));
        }
    }

    /**
     * A cancelled job: its queued elements are dropped now rather than at dispatch; with
     * {@code stopRunning}, the workers running its elements are killed and replaced.
     */
    private void forget(Job job, boolean stopRunning) {
        c.jobs.remove(job);
        if (stopRunning) {
            job.stopRunning();
            c.apply(() -> c.scheduler.cancelRunning(job, System.nanoTime()));
            return;
        }
        c.lock.lock();
        try {
            c.scheduler.forget(job);
            c.changed.signalAll();
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Starts a {@code map} call over {@code input}; nothing is pulled until the first advance.
     *
     * @throws io.procpool.InvalidTaskException when the class cannot be a task
     */
    ResultSource map(Class<?> taskClass, java.util.Iterator<?> input, boolean ordered, long knownSize,
            io.procpool.Progress progress) {
        taskClasses.check(taskClass);
        return map(taskClass, null, input, ordered, knownSize, progress);
    }

    /**
     * Like {@link #map(Class, java.util.Iterator, boolean, long, io.procpool.Progress)} on a task
     * instance, serialized here once ({@link TaskRefs}).
     *
     * @throws io.procpool.InvalidTaskException when the instance cannot be a task or be serialized
     */
    ResultSource map(io.procpool.Task<?, ?> task, java.util.Iterator<?> input, boolean ordered, long knownSize,
            io.procpool.Progress progress) {
        TaskRef ref = taskRefs.of(task);
        return map(ref.type, ref, input, ordered, knownSize, progress);
    }

    private ResultSource map(Class<?> taskClass, TaskRef instance, java.util.Iterator<?> input, boolean ordered,
            long knownSize, io.procpool.Progress progress) {
        prepare(taskClass);
        c.checkOpen();
        ProgressPrinter printer = ProgressConsole.open(c.config.progress(), progress, taskClass.getSimpleName(),
                knownSize, c.threads.timer);
        MapJob job = new MapJob(this, c.config.window(), taskClass.getName(), instance, input, ordered, printer);
        try {
            register(job);
        } catch (RuntimeException e) {
            ProgressConsole.close(printer);
            throw e;
        }
        return new MapResults(job);
    }

    /** Sends one parameter; the future completes as described in {@link FutureJob}. */
    CompletableFuture<Object> submit(Class<?> taskClass, Object params) {
        taskClasses.check(taskClass);
        return submit(taskClass, null, params);
    }

    /** Like {@link #submit(Class, Object)} on a task instance, serialized here once ({@link TaskRefs}). */
    CompletableFuture<Object> submit(io.procpool.Task<?, ?> task, Object params) {
        TaskRef ref = taskRefs.of(task);
        return submit(ref.type, ref, params);
    }

    private CompletableFuture<Object> submit(Class<?> taskClass, TaskRef instance, Object params) {
        prepare(taskClass);
        FutureJob[] self = new FutureJob[1];
        FutureJob job = new FutureJob(c.threads.callbacks, () -> c.jobs.remove(self[0]), interrupt -> {
            if (interrupt) {
                forget(self[0], true);
            }
        });
        self[0] = job;
        register(job);
        enqueue(List.of(new TaskUnit(reserveUnitIds(1), job, -1, taskClass.getName(), instance, params)));
        return job.future();
    }

    private void prepare(Class<?> taskClass) {
        c.taskLoaders.prepare(taskClass);
        c.allowList.allowTaskTypes(taskClass);
    }

    /** Reserves {@code n} consecutive unit ids and returns the first (fewer shared writes than one by one). */
    @Override
    public long reserveUnitIds(int n) {
        return unitIds.getAndAdd(n) + 1;
    }
}
