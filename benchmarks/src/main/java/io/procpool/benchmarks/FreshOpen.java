package io.procpool.benchmarks;

import io.procpool.WorkerPool;
import java.util.Locale;

/**
 * A fresh coordinator JVM: opens its first pool of {@code args[0]} workers and prints, on one
 * line, the milliseconds until {@code open} returned and until the first result arrived.
 */
public final class FreshOpen {
    private FreshOpen() {}

    public static void main(String[] args) throws Exception {
        int workers = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        try (WorkerPool pool = WorkerPool.open(workers)) {
            long open = System.nanoTime() - t0;
            Integer echoed = pool.submit(Echo.class, 7).get();
            long first = System.nanoTime() - t0;
            if (echoed == null || echoed != 7) {
                throw new IllegalStateException("Echo returned " + echoed);
            }
            System.out.printf(Locale.ROOT, "%.3f %.3f%n", open / 1e6, first / 1e6);
        }
    }
}
