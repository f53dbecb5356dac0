package io.procpool.protocol;

/** The kinds of frame on the channel. Codes are part of the wire format: never renumber. */
public enum FrameType {
    /** Child → coordinator, first frame: protocol version, pid, JVM version. */
    HELLO(1),
    /** Coordinator → child: registry, limits, flush policy. */
    CONFIG(2),
    /** Child → coordinator: configuration applied, ready for tasks. */
    READY(3),
    /** Coordinator → child: one batch of parameters for one task class. */
    TASK(4),
    /** Child → coordinator: results (or errors) for some tasks, in execution order. */
    RESULT(5),
    /** Coordinator → child: finish the current task, close task instances, exit 0. */
    BYE(6),
    /** Child → coordinator: the child cannot continue (bad config); it exits right after. */
    FATAL(7),
    /**
     * Coordinator → child: extra classpath entries for one worker loader id, sent once before the
     * first TASK that names the id (task classes from a class loader the worker's classpath lacks).
     */
    CLASSPATH(8),
    /**
     * Coordinator → child: one serialized task instance and its id, sent once per worker before
     * the first TASK that names the id, with the ids the worker must close and forget first
     * ({@link InstancePayload}). Version 3.
     */
    INSTANCE(9);

    private static final FrameType[] BY_CODE = new FrameType[10];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The byte that stands for this type on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} when the code is unknown. */
    public static FrameType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
