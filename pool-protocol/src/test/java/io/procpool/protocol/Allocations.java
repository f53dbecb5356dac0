package io.procpool.protocol;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while running an action (HotSpot only). The action runs once
 * before measuring, so class loading and lambda linkage do not count; the numbers are for telling
 * "a few kilobytes" from "the size a hostile length field asked for".
 */
final class Allocations {
    private Allocations() {}

    /** @return bytes allocated by this thread during {@code action}, or -1 when the JVM cannot tell */
    static long during(Runnable action) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported() || !bean.isThreadAllocatedMemoryEnabled()) {
            action.run();
            return -1;
        }
        action.run();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        action.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
