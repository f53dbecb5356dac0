package io.procpool.internal.schedule;

/**
 * A task instance as the pool sends it: serialized once, with the id TASK frames name (see
 * {@link TaskRefs}). Immutable; shared by every element that runs on the instance and by every
 * worker's writer thread.
 */
public final class TaskRef {
    /** Id on the wire, at least 1 (0 in a TASK frame means the class's no-arg instance). */
    public final long id;
    public final Class<?> type;
    public final String className;
    /** Kryo bytes of the instance; never modified. */
    public final byte[] bytes;

    public TaskRef(long id, Class<?> type, byte[] bytes) {
        this.id = id;
        this.type = type;
        this.className = type.getName();
        this.bytes = bytes;
    }

    @Override
    public String toString() {
        return "instance " + id + " of " + className + " (" + bytes.length + " bytes)";
    }
}
