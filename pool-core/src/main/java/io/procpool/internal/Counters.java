package io.procpool.internal;

import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolListener.WorkerStart;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Pool-wide counters, updated without the coordinator lock. */
final class Counters {
    final AtomicLong started = new AtomicLong();
    final AtomicLong crashed = new AtomicLong();
    final AtomicLong recycled = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    /** Workers that got ready, by {@link WorkerStart} ordinal. */
    final AtomicLongArray starts = new AtomicLongArray(WorkerStart.values().length);
    /** Workers that ended, by {@link WorkerExit} ordinal. */
    final AtomicLongArray exits = new AtomicLongArray(WorkerExit.values().length);

    static <E extends Enum<E>> Map<E, Long> byReason(Class<E> type, AtomicLongArray counts) {
        Map<E, Long> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, counts.get(e.ordinal()));
        }
        return m;
    }
}
