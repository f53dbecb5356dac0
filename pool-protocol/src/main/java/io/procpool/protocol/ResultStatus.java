package io.procpool.protocol;

/** Per-item status byte in a RESULT frame. Codes are part of the wire format. */
public final class ResultStatus {
    /** Body is the Kryo-serialized result. */
    public static final int OK = 0;
    /** {@code Task.run} threw; body is a {@link RemoteError}. */
    public static final int TASK_THREW = 1;
    /** The parameter could not be deserialized in the worker; body is a {@link RemoteError}. */
    public static final int PARAM_UNREADABLE = 2;
    /** The result could not be serialized in the worker (or exceeded the frame cap); body is a {@link RemoteError}. */
    public static final int RESULT_UNWRITABLE = 3;
    /** The task class could not be loaded or instantiated; body is a {@link RemoteError}. */
    public static final int TASK_CLASS_UNUSABLE = 4;
    /** The element was marked {@link TaskItem#SKIPPED} by the coordinator; empty body. */
    public static final int SKIPPED = 5;

    private ResultStatus() {}

    /** Whether the code is one this version knows. */
    public static boolean isKnown(int status) {
        return status >= OK && status <= SKIPPED;
    }
}
