package io.procpool.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Pool-wide counters, updated without the coordinator lock. */
final class Counters {
    final AtomicLong started = new AtomicLong();
    final AtomicLong crashed = new AtomicLong();
    final AtomicLong recycled = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
}
