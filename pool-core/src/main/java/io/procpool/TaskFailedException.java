package io.procpool;

/**
 * One element failed without harming its worker: {@code Task.run} threw, the parameter or result
 * could not be serialized, or the task class cannot be used. The cause is a
 * {@link RemoteTaskException} carrying the worker-side class name, message and stack trace when
 * the failure happened in the worker. The pool keeps serving; later elements are unaffected.
 */
public final class TaskFailedException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final String taskClass;

    /**
     * @param message what failed and how to fix it
     * @param taskClass name of the task class
     * @param index position in the {@code map} input, or -1 for {@code submit}
     * @param cause the remote exception, or the local failure (e.g. serialization), may be {@code null}
     */
    public TaskFailedException(String message, String taskClass, long index, Throwable cause) {
        super(message, cause, index);
        this.taskClass = taskClass;
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
