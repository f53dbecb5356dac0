package io.procpool.protocol;

/** The kind byte in front of each element of a TASK frame. Part of the wire format. */
public final class TaskItem {
    /** A length-prefixed Kryo parameter follows. */
    public static final int PARAM = 0;
    /**
     * Nothing follows: the coordinator could not serialize this parameter. The worker answers
     * {@link ResultStatus#SKIPPED} in its place, which keeps results in order.
     */
    public static final int SKIPPED = 1;

    private TaskItem() {}
}
