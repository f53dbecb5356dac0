package io.procpool.internal.schedule;

import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolListener.WorkerStart;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Pool-wide counters, updated without the coordinator lock. */
public final class Counters {
    public final AtomicLong started = new AtomicLong();
    public final AtomicLong crashed = new AtomicLong();
    public final AtomicLong recycled = new AtomicLong();
    public final AtomicLong completed = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong retried = new AtomicLong();
    public final AtomicLong timedOut = new AtomicLong();
    /** Workers that got ready, by {@link WorkerStart} ordinal. */
    public final AtomicLongArray starts = new AtomicLongArray(WorkerStart.values().length);
    /** Workers that ended, by {@link WorkerExit} ordinal. */
    public final AtomicLongArray exits = new AtomicLongArray(WorkerExit.values().length);

    public static <E extends Enum<E>> Map<E, Long> byReason(Class<E> type, AtomicLongArray counts) {
        Map<E, Long> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, counts.get(e.ordinal()));
        }
        return m;
    }
}
