package io.procpool;

import java.time.Duration;

/**
 * An element ran longer than {@code taskTimeout}; its worker was killed (a JVM cannot stop a
 * thread, but it can end a process) and replaced. Other elements queued on that worker were
 * re-run elsewhere. A timed-out element is not retried.
 */
public final class TaskTimeoutException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final Duration elapsed;
    private final Duration timeout;
    private final long pid;

    /**
     * @param message description including the facts below
     * @param index position in the {@code map} input, or -1
     * @param elapsed how long the element had been running when its worker was killed
     * @param timeout the configured limit
     * @param pid pid of the killed worker
     */
    public TaskTimeoutException(String message, long index, Duration elapsed, Duration timeout, long pid) {
        super(message, null, index);
        this.elapsed = elapsed;
        this.timeout = timeout;
        this.pid = pid;
    }

    /** How long the element had been running when its worker was killed. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The configured task timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** Pid of the worker that was killed. */
    public long pid() {
        return pid;
    }
}
