package io.procpool.internal.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Bounded waits for child exits, escalating from BYE to SIGTERM to SIGKILL; always reaps. */
public final class Reaper {
    /** Exit value for a process that could not be reaped even after SIGKILL. */
    static final int UNKNOWN_EXIT = Integer.MIN_VALUE;

    private Reaper() {}

    /** Waits up to {@code max} for the process to exit, then kills it; returns its exit value. */
    public static int awaitExit(Process p, Duration max) {
        boolean interrupted = false;
        try {
            try {
                if (p.waitFor(max.toNanos(), TimeUnit.NANOSECONDS)) {
                    return p.exitValue();
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            p.toHandle().destroyForcibly(); // keeps the streams open for the drains
            while (true) {
                try {
                    return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : UNKNOWN_EXIT;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for workers that were sent BYE, within {@code grace}; then SIGTERM, then SIGKILL. */
    public static void retire(List<WorkerProcess> workers, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        waitAll(workers, deadline);
        boolean any = false;
        for (WorkerProcess w : workers) {
            if (w.process.isAlive()) {
                w.process.toHandle().destroy();
                any = true;
            }
        }
        if (any) {
            waitAll(workers, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        for (WorkerProcess w : workers) {
            if (w.process.isAlive()) {
                w.kill();
                awaitExit(w.process, Duration.ZERO);
            }
        }
    }

    private static void waitAll(List<WorkerProcess> workers, long deadline) {
        boolean interrupted = false;
        for (WorkerProcess w : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || interrupted) {
                break;
            }
            try {
                w.process.waitFor(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
