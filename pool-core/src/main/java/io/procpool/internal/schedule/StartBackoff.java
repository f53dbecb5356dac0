package io.procpool.internal.schedule;

/**
 * What to do when a worker dies before its handshake. If it could not start (the JVM refused its
 * options or main class, or it spoke the wrong protocol) that will not fix itself: fail
 * {@code open()} at once, otherwise give up after {@value #START_FAILURES_BEFORE_GIVING_UP} in a
 * row, with back-off in between (100 ms, 200 ms, 400 ms...). A worker killed by a signal before its
 * handshake (someone's {@code kill}, the OOM killer) is replaced with a short back-off (50 ms × n)
 * and only ends the pool after {@value #KILLED_AT_START_BEFORE_GIVING_UP} in a row. A worker that
 * gets ready resets both counts. Pure (time is passed in); coordinator lock.
 */
public final class StartBackoff {
    static final int START_FAILURES_BEFORE_GIVING_UP = 3;
    static final int KILLED_AT_START_BEFORE_GIVING_UP = 10;

    private int startFailuresInARow;
    private int killedAtStartInARow;
    private long respawnNotBefore;

    /** The decision: break the pool, or respawn no earlier than {@link #respawnDelay}. */
    enum Verdict { BREAK, RETRY }

    /**
     * @param killed the worker was killed by a signal (not a protocol error)
     * @param opening the pool is still opening: a start failure fails {@code open()} at once
     */
    Verdict failed(boolean killed, boolean opening, long nowNanos) {
        if (killed) {
            killedAtStartInARow++;
            if (killedAtStartInARow >= KILLED_AT_START_BEFORE_GIVING_UP) {
                return Verdict.BREAK;
            }
            respawnNotBefore = nowNanos + 50_000_000L * killedAtStartInARow;
            return Verdict.RETRY;
        }
        startFailuresInARow++;
        if (opening || startFailuresInARow >= START_FAILURES_BEFORE_GIVING_UP) {
            return Verdict.BREAK;
        }
        respawnNotBefore = nowNanos + (100_000_000L << Math.min(6, startFailuresInARow - 1));
        return Verdict.RETRY;
    }

    /** A worker got ready: starting works again. */
    void ready() {
        startFailuresInARow = 0;
        killedAtStartInARow = 0;
    }

    /** How long a respawn waits from {@code nowNanos}. */
    long respawnDelay(long nowNanos) {
        return Math.max(0, respawnNotBefore - nowNanos);
    }
}
