package io.procpool.internal;

import io.procpool.internal.process.WorkerProcess;
import io.procpool.internal.schedule.Action;
import io.procpool.internal.schedule.Actions;
import io.procpool.internal.schedule.PoolState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link Scheduler}'s {@link Action}s on the coordinator's processes, threads,
 * jobs and listeners: the outbox operations and listener events under the coordinator lock, the
 * rest after it (see {@link Action}). It decides nothing.
 */
final class Effects {
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");

    private final Coordinator c;

    Effects(Coordinator c) {
        this.c = c;
    }

    /**
     * Carries out the outbox actions and queues the listener events, then wakes waiters. Both
     * are non-blocking queue operations; doing them under the lock keeps their order the
     * scheduler's, and has every event queued before {@code close()} sees the pool reaped.
     * {@code gone} is the worker whose loss this is, if any (no longer in {@link Coordinator#processes}).
     */
    void applyLocked(Actions out, WorkerLoss.Report gone) {
        for (Action a : out.list()) {
            if (a instanceof Action.Send s) {
                c.processes.get(s.worker()).send(s.batch());
                if (c.events.enabled()) {
                    int n = s.batch().units.length;
                    String cls = s.batch().units[0].className;
                    long pid = pidOf(s.worker(), gone);
                    c.events.emit(l -> l.tasksStarted(cls, n, pid));
                }
            } else if (a instanceof Action.Bye b) {
                c.processes.get(b.worker()).sendBye();
            } else if (a instanceof Action.Retried r) {
                long pid = pidOf(r.worker(), gone);
                c.events.emit(l -> l.taskRetried(r.unit().className, r.unit().index, pid));
            } else if (a instanceof Action.Started s) {
                Duration took = Duration.ofNanos(s.tookNanos());
                long pid = pidOf(s.worker(), gone);
                c.events.emit(l -> l.workerStarted(s.worker(), pid, took, s.reason()));
            } else if (a instanceof Action.Exited e) {
                long pid = pidOf(e.worker(), gone);
                c.events.emit(l -> l.workerExited(e.worker(), pid, e.exit(), e.reason()));
            }
        }
        if (!out.isEmpty() || c.scheduler.state() != PoolState.OPEN) {
            c.changed.signalAll();
        }
    }

    /** Carries out everything else (kills, spawns, failures, logging), outside the lock. */
    void applyAfter(Actions out, WorkerLoss.Report gone) {
        for (Action a : out.list()) {
            if (a instanceof Action.Kill k) {
                WorkerProcess w = c.processes.get(k.worker());
                if (w != null) {
                    w.kill();
                }
            } else if (a instanceof Action.Spawn s) {
                c.spawnLater(s.delayNanos());
            } else if (a instanceof Action.Fail f) {
                WorkerLoss.fail(c, f, gone);
            } else if (a instanceof Action.Started s) {
                LOG.debug("{} ready after {} ms", c.processes.get(s.worker()), s.tookNanos() / 1_000_000);
            } else if (a instanceof Action.Exited e) {
                WorkerLoss.logExit(c, e, gone);
            } else if (a instanceof Action.StartFailed f) {
                if (f.retry()) {
                    LOG.warn("{}; starting a new worker", f.message());
                } else {
                    LOG.error("{}; not starting another worker: the pool is closing", f.message());
                }
            } else if (a instanceof Action.Broke b) {
                LOG.error("pool broken: {}", b.cause().getCause().getMessage());
                c.threads.timer.execute(() -> c.jobs.forEach(j -> j.abort(b.cause(), true)));
            }
        }
    }

    private long pidOf(int worker, WorkerLoss.Report gone) {
        if (gone != null && gone.w().id == worker) {
            return gone.w().pid;
        }
        WorkerProcess w = c.processes.get(worker);
        return w == null ? -1 : w.pid;
    }
}
