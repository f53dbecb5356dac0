package io.procpool.internal;

/**
 * One element on its way through the pool: serialized parameter, where its outcome goes, and
 * how often it has already killed a worker. Mutable fields are guarded by the coordinator's lock.
 */
final class TaskUnit {
    final long id;
    final Job job;
    final long index;
    final String className;
    final byte[] params;
    /** Runs that ended with the worker dying while this unit was known to be the one running. */
    int crashes;
    /** The unit was among several that might have killed a worker; it travels alone until cleared. */
    boolean suspect;

    TaskUnit(long id, Job job, long index, String className, byte[] params) {
        this.id = id;
        this.job = job;
        this.index = index;
        this.className = className;
        this.params = params;
    }
}
