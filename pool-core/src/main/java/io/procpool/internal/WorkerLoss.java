package io.procpool.internal;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.PoolListener.WorkerExit;
import io.procpool.internal.process.ChildRegistry;
import io.procpool.internal.process.Reaper;
import io.procpool.internal.process.WorkerProcess;
import io.procpool.internal.schedule.Action;
import io.procpool.internal.schedule.Actions;
import io.procpool.internal.schedule.Scheduler;
import io.procpool.internal.schedule.TaskUnit;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mechanics of a lost worker: reap the process and what it left, gather what it said, hand
 * the loss to the {@link Scheduler}, and turn the resulting failures into exceptions with the
 * worker's exit status and stderr. Runs on the reader or exit-watch thread that reported the
 * loss (it blocks while reaping; never on the timer, never under the lock).
 */
final class WorkerLoss {
    /** How long a worker that wrote bad bytes may take to exit by itself before it is killed. */
    static final long STRAY_GRACE_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");

    /** The worker whose loss is being handled, its exit status, and the description of the loss. */
    record Report(WorkerProcess w, int exit, String why) {}

    private WorkerLoss() {}

    static void handle(Coordinator c, WorkerProcess w, WorkerProcess.Gone gone) {
        boolean expected;
        c.lock.lock();
        try {
            expected = c.scheduler.lossExpected(w.id) && gone.failure() == null;
        } finally {
            c.lock.unlock();
        }
        String failure = gone.failure();
        String strayTail = null;
        if (!expected && failure != null && w.process.isAlive()) {
            // Bad bytes on stdout: often a dying JVM's crash report (HotSpot writes it to fd 1).
            // Let the worker end by itself for a moment, so its own exit status is reported,
            // and keep what else it printed for the message.
            strayTail = w.drainStdout(STRAY_GRACE_MILLIS);
        }
        if (!expected) {
            w.kill();
        }
        int exit = Reaper.awaitExit(w.process, expected ? c.config.shutdownTimeout() : Duration.ofSeconds(5));
        // Before waiting for stderr: a process the worker started may hold stderr open.
        w.killLeftovers();
        w.stderr.awaitEnd(c.config.killProcessTree() ? 5000 : 500);
        w.closeOutbox();
        if (strayTail != null && !strayTail.isBlank()) {
            failure = failure + "\n  worker stdout after the bad bytes:\n    " + strayTail.strip().replace("\n", "\n    ");
        }
        ChildRegistry.remove(w.process);
        String why = LossReports.describeLoss(w, exit, failure, gone.fatalMessage());
        String startFailure = "worker " + w + " died before the handshake: " + why + "\n  command: "
                + c.spawner.describe() + LossReports.stderrBlock(w.stderr.tail());
        Report report = new Report(w, exit, why);
        Actions out;
        c.lock.lock();
        try {
            c.processes.remove(w.id);
            out = c.scheduler.lost(w.id, new Scheduler.Loss(exit, expected, gone.protocolError(), gone.fatalMessage() != null,
                    why, startFailure),
                    System.nanoTime());
            c.effects.applyLocked(out, report);
        } finally {
            c.lock.unlock();
        }
        c.effects.applyAfter(out, report);
    }

    /** Carries out {@link Action.Fail}: the exception names the worker ({@code gone}) when it is a loss. */
    static void fail(Coordinator c, Action.Fail f, Report gone) {
        TaskUnit u = f.unit();
        PoolException ex = switch (f.why()) {
            case CLOSED -> new PoolClosedException("pool was closed before this element completed");
            case TIMED_OUT -> LossReports.timeoutFor(u, gone.w(), c.config.taskTimeout(), f.elapsedNanos());
            case CRASHED -> LossReports.crashFor(u, gone.w(), gone.exit(), gone.why(), c.config.maxRetries());
        };
        if (f.why() != Action.Failure.CLOSED) {
            c.failedForGood(u, ex);
        }
        u.job.failed(u, ex);
    }

    /** Logs a crash or a timeout (the listeners were told under the lock). */
    static void logExit(Coordinator c, Action.Exited e, Report gone) {
        WorkerProcess w = gone.w();
        if (e.reason() == WorkerExit.TIMED_OUT) {
            LOG.warn("{} killed after task timeout {}: {}", w, c.config.taskTimeout(), gone.why());
        } else if (e.reason() == WorkerExit.CRASHED) {
            LOG.warn("{} died: {}", w, gone.why());
        }
    }

    /** Reaps a worker that started after the pool closed; it counted as spawning until now, so close() waited. */
    static void reapRejected(Coordinator c, WorkerProcess w) {
        Reaper.awaitExit(w.process, Duration.ofSeconds(5));
        w.killLeftovers();
        ChildRegistry.remove(w.process);
        c.spawnOver();
    }
}
