package io.procpool.internal.process;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Declares a worker lost when its process is gone, not only when its channel ends: a process the
 * worker started may hold the pipe open (native code that forks without closing fds; without the
 * {@link Launcher} layout, any {@code inheritIO()} subprocess). After the exit, the reader gets
 * {@link #DRAIN_GRACE_MILLIS} to read the frames still in the pipe and report EOF itself; if it
 * has not, the watch reports the loss. Whichever comes first wins ({@link WorkerProcess#reportLoss});
 * the loss is handled once.
 *
 * <p>The watch polls {@code ProcessHandle.isAlive()} (a {@code /proc} read on Linux) on the pool's
 * timer rather than waiting on {@code Process.onExit()}: the JDK completes that future on its
 * process-reaper thread, whose own exit handling blocks while a reader thread sits in
 * {@code read()} on the still-open pipe, so dependents on it are not reliably run.
 */
public final class ExitWatch implements Runnable {
    /** How long the reader may take after the exit to drain the pipe and see EOF. */
    static final long DRAIN_GRACE_MILLIS = 500;
    static final long PERIOD_MILLIS = 250;

    private final WorkerProcess w;
    private final ProcessHandle handle;
    private long deadSince;
    private volatile ScheduledFuture<?> poll;

    private ExitWatch(WorkerProcess w) {
        this.w = w;
        this.handle = w.process.toHandle();
    }

    static void start(WorkerProcess w, ScheduledExecutorService timer) {
        ExitWatch watch = new ExitWatch(w);
        try {
            watch.poll = timer.scheduleWithFixedDelay(watch, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the pool is closed: close() waits for this worker's reader
        }
    }

    /** Timer thread. */
    @Override
    public void run() {
        if (w.lossReported()) {
            cancel();
            return;
        }
        if (handle.isAlive()) {
            return;
        }
        long now = System.nanoTime();
        if (deadSince == 0) {
            deadSince = now;
        } else if (now - deadSince >= TimeUnit.MILLISECONDS.toNanos(DRAIN_GRACE_MILLIS)) {
            cancel();
            // Handling a loss blocks (reaping, stderr): not on the timer.
            Thread t = new Thread(this::report, "procpool-w" + w.id + "-exit");
            t.setDaemon(true);
            t.start();
        }
    }

    private void cancel() {
        ScheduledFuture<?> p = poll;
        if (p != null) {
            p.cancel(false);
        }
    }

    private void report() {
        if (w.lossReported()) {
            return;
        }
        int exit = Reaper.awaitExit(w.process, java.time.Duration.ofSeconds(5));
        // Exit 0 after BYE is a normal retirement; anything else is a failure (exit code and signal
        // are added by the coordinator).
        w.reportLoss(exit == 0 ? null : "exited, but its stdout stayed open (held by a process it started?)");
    }
}
