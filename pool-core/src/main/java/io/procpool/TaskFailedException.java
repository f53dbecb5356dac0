package io.procpool;

import java.util.List;

/**
 * One element failed without harming its worker: {@code Task.run} threw, the parameter or result
 * could not be serialized, or the task class cannot be used. The cause is a
 * {@link RemoteTaskException} carrying the worker-side class name, message and stack trace when
 * the failure happened in the worker, and {@link #output()} has what the element printed. The
 * pool keeps serving; later elements are unaffected.
 */
public final class TaskFailedException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final String taskClass;
    private final List<String> output;

    /**
     * @param message what failed and how to fix it
     * @param taskClass name of the task class
     * @param index position in the {@code map} input, or -1 for {@code submit}
     * @param cause the remote exception, or the local failure (e.g. serialization), may be {@code null}
     */
    public TaskFailedException(String message, String taskClass, long index, Throwable cause) {
        this(message, taskClass, index, cause, List.of());
    }

    /**
     * @param message what failed and how to fix it
     * @param taskClass name of the task class
     * @param index position in the {@code map} input, or -1 for {@code submit}
     * @param cause the remote exception, or the local failure (e.g. serialization), may be {@code null}
     * @param output lines the element printed in the worker, oldest first
     */
    public TaskFailedException(String message, String taskClass, long index, Throwable cause, List<String> output) {
        super(message, cause, index);
        this.taskClass = taskClass;
        this.output = List.copyOf(output);
    }

    /**
     * The last lines this element printed to {@code System.out} and {@code System.err} in the
     * worker while it ran, oldest first, from any thread of the worker: at most the last 50 lines
     * within the last 8 KiB of that output (a line begun before that window starts with
     * {@code "..."}). Output that native code or child processes write straight to file
     * descriptors 1 or 2 is not included (it still reaches the log through the worker's stderr).
     * Empty when the element printed nothing, never ran (its class or parameter was unusable), or
     * failed in the coordinator.
     */
    public List<String> output() {
        return output;
    }

    /** Name of the task class the element was sent to. */
    public String taskClass() {
        return taskClass;
    }

    /** Class name of the exception thrown in the worker, or {@code null} if the failure was local. */
    public String remoteClassName() {
        return getCause() instanceof RemoteTaskException r ? r.remoteClassName() : null;
    }

    /** Message of the exception thrown in the worker, or {@code null}. */
    public String remoteMessage() {
        return getCause() instanceof RemoteTaskException r ? r.remoteMessage() : null;
    }
}
