package io.procpool;

/**
 * Stand-in for an exception thrown in a worker JVM. The original class is not instantiated in the
 * coordinator (it may not even exist there); this carries its class name and message, and its
 * stack trace is the remote one, so {@code printStackTrace} shows where the task failed.
 */
public final class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;

    /**
     * @param remoteClassName the class of the exception in the worker
     * @param remoteMessage its message, may be {@code null}
     * @param stackTrace its frames in the worker
     * @param cause the remote cause, already converted, may be {@code null}
     */
    public RemoteTaskException(String remoteClassName, String remoteMessage, StackTraceElement[] stackTrace,
            RemoteTaskException cause) {
        super(remoteMessage, cause, false, true);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        setStackTrace(stackTrace);
    }

    /** Fully qualified class name of the exception in the worker. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** Message of the exception in the worker, may be {@code null}. */
    public String remoteMessage() {
        return remoteMessage;
    }

    @Override
    public String toString() {
        return remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage);
    }
}
