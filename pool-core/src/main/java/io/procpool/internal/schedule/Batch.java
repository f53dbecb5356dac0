package io.procpool.internal.schedule;

/**
 * Units sent to one worker in one TASK frame. The worker runs them in order and answers in order,
 * so {@code done} is also the index of the unit that is running now. Guarded by the coordinator's lock.
 */
public final class Batch {
    public final TaskUnit[] units;
    final long sentNanos;
    /** When the writer put the batch on the pipe (0 until then); timeouts count from here. */
    public volatile long writtenNanos;
    int done;

    Batch(TaskUnit[] units, long sentNanos) {
        this.units = units;
        this.sentNanos = sentNanos;
    }

    int remaining() {
        return units.length - done;
    }
}
