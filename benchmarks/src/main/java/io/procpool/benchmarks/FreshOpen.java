package io.procpool.benchmarks;

import io.procpool.WorkerPool;
import java.util.Locale;

/**
 * A fresh coordinator JVM: opens its first pool of {@code args[0]} workers and prints, on one
 * line, the milliseconds until {@code open} returned, until the first result arrived, and how long
 * initialising logging took before that (an application that logs has done it before it opens a
 * pool; with logback and the benchmark's logback.xml it is a few hundred ms on a cold JVM).
 */
public final class FreshOpen {
    private FreshOpen() {}

    public static void main(String[] args) throws Exception {
        int workers = Integer.parseInt(args[0]);
        long l0 = System.nanoTime();
        org.slf4j.LoggerFactory.getLogger(FreshOpen.class);
        long t0 = System.nanoTime();
        try (WorkerPool pool = WorkerPool.open(workers)) {
            long open = System.nanoTime() - t0;
            Integer echoed = pool.submit(Echo.class, 7).get();
            long first = System.nanoTime() - t0;
            if (echoed == null || echoed != 7) {
                throw new IllegalStateException("Echo returned " + echoed);
            }
            System.out.printf(Locale.ROOT, "%.3f %.3f %.3f%n", open / 1e6, first / 1e6, (t0 - l0) / 1e6);
        }
    }
}
