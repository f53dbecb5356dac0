package io.procpool.internal.schedule;

import io.procpool.PoolException;

/**
 * One element on its way through the pool: its parameter, where its outcome goes, and how often
 * it has already killed a worker. The parameter is serialized by the writer thread of the first
 * worker it is sent to ({@link #bytes}); the bytes are kept for re-runs and the object dropped.
 * Scheduling fields are guarded by the coordinator's lock.
 */
public final class TaskUnit {
    public final long id;
    public final Job job;
    public final long index;
    public final String className;
    /** The task instance the element runs on, or null for the class's no-arg instance in each worker. */
    public final TaskRef instance;
    /** The parameter until it is serialized (writer threads only). */
    private Object param;
    /** The serialized parameter once known; volatile because a re-run may be written by another writer. */
    private volatile byte[] bytes;
    /** Why the parameter cannot be sent; set by a writer, reported when the worker answers SKIPPED. */
    public volatile PoolException unsendable;
    /** Runs that ended with the worker dying while this unit was known to be the one running. */
    public int crashes;
    /** The unit was among several that might have killed a worker; it travels alone until cleared. */
    boolean suspect;

    public TaskUnit(long id, Job job, long index, String className, Object param) {
        this(id, job, index, className, null, param);
    }

    public TaskUnit(long id, Job job, long index, String className, TaskRef instance, Object param) {
        this.id = id;
        this.job = job;
        this.index = index;
        this.className = className;
        this.instance = instance;
        this.param = param;
    }

    /** Serialized size if known, else 0 (dispatch sizes batches by what it knows). */
    int knownSize() {
        byte[] b = bytes;
        return b == null ? 0 : b.length;
    }

    /**
     * The bytes to send, serializing on first use; {@code null} when the parameter cannot be sent.
     * Synchronized: after a crash a re-run may be encoded by another writer while the first one is
     * still finishing, and only one of them may read and drop the parameter.
     */
    public synchronized byte[] bytes(ParamEncoder encoder) {
        byte[] b = bytes;
        if (b == null && unsendable == null) {
            Object p = param;
            try {
                b = encoder.encode(this, p);
                bytes = b;
                param = null;
            } catch (PoolException e) {
                unsendable = e;
            }
        }
        return b;
    }

    /** Serializes a parameter or explains why it cannot be. */
    public interface ParamEncoder {
        byte[] encode(TaskUnit unit, Object param);
    }
}
