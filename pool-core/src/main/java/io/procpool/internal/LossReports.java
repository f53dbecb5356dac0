package io.procpool.internal;

import io.procpool.TaskTimeoutException;
import io.procpool.WorkerCrashedException;
import io.procpool.internal.process.ExitCall;
import io.procpool.internal.process.Signals;
import io.procpool.internal.process.WorkerProcess;
import io.procpool.internal.schedule.TaskUnit;
import java.time.Duration;
import java.util.List;

/** The messages of lost workers and of the elements they take down: exit status, cause, stderr tail. */
final class LossReports {
    private LossReports() {}

    /** Exit status, what went wrong, what the worker reported, and a {@code System.exit} call it found. */
    static String describeLoss(WorkerProcess w, int exit, String failure, String fatalMessage) {
        StringBuilder sb = new StringBuilder();
        sb.append(exit == Integer.MIN_VALUE ? "did not exit" : Signals.describe(exit));
        if (failure != null) {
            sb.append("; ").append(failure);
        }
        if (fatalMessage != null) {
            sb.append("; worker reported: ").append(fatalMessage);
        }
        String exitCall = ExitCall.find(w.stderr.tail(), exit);
        if (exitCall != null) {
            sb.append("; ").append(exitCall);
        }
        return sb.toString();
    }

    static String stderrBlock(List<String> tail) {
        if (tail.isEmpty()) {
            return "\n  stderr: (empty)";
        }
        StringBuilder sb = new StringBuilder("\n  last stderr lines:");
        for (String line : tail) {
            sb.append("\n    ").append(line);
        }
        return sb.toString();
    }

    static TaskTimeoutException timeoutFor(TaskUnit u, WorkerProcess w, Duration timeout, long elapsedNanos) {
        Duration elapsed = Duration.ofNanos(elapsedNanos);
        return new TaskTimeoutException("task " + u.className + " on " + Outcomes.where(u.index)
                + " ran for " + elapsed.toMillis() + " ms, over the task timeout of " + timeout.toMillis()
                + " ms; worker " + w + " was killed and replaced", u.index, elapsed, timeout, w.pid);
    }

    static WorkerCrashedException crashFor(TaskUnit u, WorkerProcess w, int exit, String why, int maxRetries) {
        String signal = Signals.fromExitCode(exit);
        return new WorkerCrashedException("task " + u.className + " on " + Outcomes.where(u.index)
                + " killed its worker " + u.crashes + " time(s) (maxRetries " + maxRetries + "); last: worker "
                + w + " " + why + stderrBlock(w.stderr.tail()), u.index, w.pid, exit, signal, u.crashes,
                w.stderr.tail());
    }
}
