package io.procpool.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Declares a worker lost when its process exits, not only when its stdout ends: a process the
 * worker started may hold the pipe open (without the {@link Launcher} wrapper, an
 * {@code inheritIO()} subprocess inherits the channel; native code may fork without closing fds).
 * After the exit, the reader gets {@link #DRAIN_GRACE_MILLIS} to read the frames still in the
 * pipe and report EOF itself; if it has not, the watch reports the loss. Whichever comes first
 * wins ({@link WorkerProcess#reportLoss}); the loss is handled once.
 */
final class ExitWatch {
    /** How long the reader may take after the exit to drain the pipe and see EOF. */
    static final long DRAIN_GRACE_MILLIS = 500;

    private ExitWatch() {}

    static void start(WorkerProcess w, ScheduledExecutorService timer) {
        w.process.toHandle().onExit().thenRun(() -> {
            if (w.lossReported()) {
                return;
            }
            try {
                timer.schedule(() -> check(w), DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                check(w); // the pool is closed already
            }
        });
    }

    /** Reports the loss on a thread of its own: handling it blocks (reaping, stderr), the timer must not. */
    private static void check(WorkerProcess w) {
        if (w.lossReported()) {
            return;
        }
        Thread t = new Thread(() -> report(w), "procpool-w" + w.id + "-exit");
        t.setDaemon(true);
        t.start();
    }

    private static void report(WorkerProcess w) {
        int exit = w.process.exitValue();
        // Exit 0 after BYE is a normal retirement; anything else is a failure (exit code and signal
        // are added by the coordinator).
        w.reportLoss(exit == 0 ? null : "exited, but its stdout stayed open (held by a process it started?)");
    }
}
