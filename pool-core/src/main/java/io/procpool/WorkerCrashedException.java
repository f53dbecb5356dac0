package io.procpool;

import java.util.List;

/**
 * An element's worker died while running it (exit, halt, signal, out of memory, native crash),
 * on every attempt allowed by {@code maxRetries}. Carries the last worker's pid, exit code, the
 * signal name when a signal killed it, and the last lines that worker wrote to stderr.
 */
public final class WorkerCrashedException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final int exitCode;
    private final String signal;
    private final int attempts;
    private final List<String> stderrTail;

    /**
     * @param message description including the facts below
     * @param index position in the {@code map} input, or -1
     * @param pid pid of the worker that died last
     * @param exitCode its exit code (128 + n for signal n)
     * @param signal signal name such as {@code SIGKILL}, or {@code null}
     * @param attempts how many times the element was run
     * @param stderrTail last stderr lines of that worker, oldest first
     */
    public WorkerCrashedException(String message, long index, long pid, int exitCode, String signal, int attempts,
            List<String> stderrTail) {
        super(message, null, index);
        this.pid = pid;
        this.exitCode = exitCode;
        this.signal = signal;
        this.attempts = attempts;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** Pid of the worker that died last. */
    public long pid() {
        return pid;
    }

    /** Exit code of that worker; 128 + n when signal n killed it. */
    public int exitCode() {
        return exitCode;
    }

    /** Name of the signal that killed the worker ({@code SIGKILL}, {@code SIGSEGV}...), or {@code null}. */
    public String signal() {
        return signal;
    }

    /** How many times the element ran, each time killing its worker. */
    public int attempts() {
        return attempts;
    }

    /** The last lines the dead worker wrote to stderr, oldest first. */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
