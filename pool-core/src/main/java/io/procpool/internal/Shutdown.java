package io.procpool.internal;

import io.procpool.PoolClosedException;
import io.procpool.internal.process.Reaper;
import io.procpool.internal.process.WorkerProcess;
import io.procpool.internal.schedule.Actions;
import io.procpool.internal.schedule.Job;
import io.procpool.internal.schedule.PoolState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing a pool, on the calling thread: {@code close()} drains (no new calls; queued and running
 * elements finish until the shutdown timeout), then both closes fail what is left, send BYE,
 * escalate to SIGTERM and SIGKILL past the deadline, and reap every child before returning. The
 * decisions (what fails, who gets BYE) are the {@link Scheduler}'s; this is the waiting.
 */
final class Shutdown {
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");

    private final Coordinator c;
    /** {@code closeNow()} was called while {@code close()} drained: stop waiting. Coordinator lock. */
    private boolean stopNow;

    Shutdown(Coordinator c) {
        this.c = c;
    }

    void run(boolean now) {
        long deadline = System.nanoTime() + c.config.shutdownTimeout().toNanos();
        c.lock.lock();
        try {
            PoolState state = c.scheduler.state();
            if (state == PoolState.DRAINING || state == PoolState.CLOSING || state == PoolState.CLOSED) {
                if (now && state == PoolState.DRAINING) {
                    stopNow = true;
                    c.changed.signalAll();
                }
                awaitClosedLocked();
                return;
            }
            if (!now && c.scheduler.drain()) {
                for (Job j : c.jobs) {
                    j.stopIntake();
                }
                drainLocked(deadline);
                now = stopNow;
            }
        } finally {
            c.lock.unlock();
        }
        retireAll(now, deadline);
    }

    /** Waits until nothing is queued or in flight, or until the deadline. Coordinator lock. */
    private void drainLocked(long deadline) {
        try {
            while (!stopNow && !c.scheduler.idle()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                c.changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails what is left, sends BYE, then SIGTERM and SIGKILL past the deadline; reaps every child. */
    private void retireAll(boolean now, long deadline) {
        Actions out;
        List<WorkerProcess> snapshot;
        c.lock.lock();
        try {
            PoolState state = c.scheduler.state();
            if (state == PoolState.CLOSING || state == PoolState.CLOSED) {
                // Another close got here first (a closeNow() while this close() drained, or two
                // closes of a broken pool): wait for it instead.
                awaitClosedLocked();
                return;
            }
            out = c.scheduler.closing();
            c.effects.applyLocked(out, null);
            snapshot = new ArrayList<>(c.processes.values());
        } finally {
            c.lock.unlock();
        }
        PoolClosedException closed = new PoolClosedException("pool was closed before this element completed");
        if (now) {
            for (Job j : c.jobs) {
                j.abort(closed, true);
            }
        }
        c.effects.applyAfter(out, null);
        Reaper.retire(snapshot, now ? Duration.ZERO : Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        c.lock.lock();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!c.scheduler.reaped() && System.nanoTime() < until) {
                for (WorkerProcess w : c.processes.values()) {
                    // Through the handle, like every kill: Process.destroyForcibly would also close
                    // the stderr pipe before the drain has read the last lines.
                    w.process.toHandle().destroyForcibly();
                }
                c.changed.await(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.lock.unlock();
        }
        // Every element has its outcome by now; this only wakes a consumer that somehow has none.
        for (Job j : c.jobs) {
            j.abort(closed, now);
        }
        c.jobs.clear();
        c.lock.lock();
        try {
            c.scheduler.closed();
            c.changed.signalAll();
        } finally {
            c.lock.unlock();
        }
        c.threads.shutdown();
        c.events.shutdown();
        LOG.debug("pool closed");
    }

    private void awaitClosedLocked() {
        long deadline = System.nanoTime() + c.config.shutdownTimeout().toNanos() + TimeUnit.SECONDS.toNanos(12);
        try {
            while (c.scheduler.state() != PoolState.CLOSED && System.nanoTime() < deadline) {
                c.changed.await(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
