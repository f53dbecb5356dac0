package io.procpool.internal;

import io.procpool.PoolException;
import io.procpool.RemoteTaskException;
import io.procpool.TaskFailedException;
import io.procpool.internal.process.WorkerProcess;
import io.procpool.internal.schedule.TaskUnit;
import io.procpool.protocol.ElementFailure;
import io.procpool.protocol.RemoteError;
import io.procpool.protocol.ResultPayload;
import io.procpool.protocol.ResultStatus;

/** Turns decoded RESULT items into values or typed exceptions and hands them to their jobs. */
public final class Outcomes {
    private Outcomes() {}

    static String where(long index) {
        return index < 0 ? "a submitted task" : "input #" + index;
    }

    static void deliver(TaskUnit[] units, ResultPayload res, WorkerProcess w, Coordinator c) {
        if (units.length > 0) {
            // one RESULT frame answers part of one TASK batch: one task class
            c.times.taskClasses.record(units[0].className, res);
        }
        Object[] values = res.values();
        int ok = 0;
        int runStart = 0;
        for (int i = 0; i <= units.length; i++) {
            // Hand consecutive successes of one job over in one call (one lock round trip).
            boolean success = i < units.length && res.status(i) == ResultStatus.OK
                    && !(values[i] instanceof WorkerProcess.UnreadableResult);
            if (!success || units[i].job != units[runStart].job) {
                if (i > runStart && !units[runStart].job.isCancelled()) {
                    units[runStart].job.succeededAll(units, values, runStart, i);
                }
                runStart = success ? i : i + 1;
            }
            if (i == units.length) {
                break;
            }
            TaskUnit u = units[i];
            Object v = values[i];
            if (success) {
                ok++;
                continue;
            }
            PoolException e = failure(u, res.status(i), v, w);
            c.failedForGood(u, e);
            if (!u.job.isCancelled()) {
                u.job.failed(u, e);
            }
        }
        if (ok > 0) {
            c.stats.completed.addAndGet(ok);
            if (c.events.enabled()) {
                int n = ok;
                String cls = units[0].className;
                c.events.emit(l -> l.tasksCompleted(cls, n, w.pid));
            }
        }
    }

    /** The exception for a failed RESULT item; {@code w} names the worker in messages. */
    public static PoolException failure(TaskUnit u, int status, Object v, Object w) {
        if (v instanceof WorkerProcess.UnreadableResult r) {
            return new TaskFailedException("the result of task " + u.className + " on " + where(u.index)
                    + " cannot be deserialized in the coordinator: " + r.error(), u.className, u.index,
                    r.error());
        }
        if (status == ResultStatus.SKIPPED) {
            return u.unsendable != null ? u.unsendable
                    : local(u.className, u.index, "parameter was not sent (cause unknown)", null);
        }
        ElementFailure f = (ElementFailure) v;
        RemoteError e = f.error();
        String what = switch (status) {
            case ResultStatus.TASK_THREW -> "task " + u.className + " failed on " + where(u.index) + " in worker " + w
                    + ": " + e.className() + (e.message() == null ? "" : ": " + e.message());
            default -> "task " + u.className + " on " + where(u.index) + ": " + e.message();
        };
        return new TaskFailedException(what, u.className, u.index, remote(e), f.output());
    }

    /** A chain of {@link RemoteTaskException}s mirroring the remote chain. */
    static RemoteTaskException remote(RemoteError e) {
        return e == null ? null : new RemoteTaskException(e.className(), e.message(), e.stackTrace(), remote(e.cause()));
    }

    /** A local failure before sending (serialization of the parameter). */
    public static TaskFailedException local(String className, long index, String message, Throwable cause) {
        return new TaskFailedException("task " + className + " on " + where(index) + ": " + message, className, index,
                cause);
    }
}
