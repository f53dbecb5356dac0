package io.procpool.it.service;

import io.procpool.Task;
import java.util.concurrent.locks.LockSupport;

/** Tasks for the service-lifecycle tests; public nested classes, so workers can load them. */
public final class ServiceTasks {
    private ServiceTasks() {}

    /** Sleeps {@code millis}, then returns it: a task whose duration the test chooses. */
    public static final class Nap implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer millis) {
            LockSupport.parkNanos(millis * 1_000_000L);
            return millis;
        }
    }

    /** Fails on element 0, and takes a millisecond on every other: a map whose {@code toList()} throws early. */
    public static final class FailFirst implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            if (x == 0) {
                throw new IllegalArgumentException("element 0 is bad");
            }
            LockSupport.parkNanos(1_000_000L);
            return x;
        }
    }
}
