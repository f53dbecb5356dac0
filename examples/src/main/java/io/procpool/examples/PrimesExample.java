package io.procpool.examples;

import io.procpool.Progress;
import io.procpool.WorkerPool;
import java.util.stream.LongStream;

/**
 * Counts primes below 10 million in 200 ranges, first with a plain loop, then on a pool with one
 * worker per core, and prints both times and the speed-up. A progress bar shows on a terminal.
 */
public final class PrimesExample {
    private static final long LIMIT = 10_000_000;
    private static final long CHUNK = 50_000;

    private PrimesExample() {}

    public static void main(String[] args) {
        int workers = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        long sequential = 0;
        for (long from = 0; from < LIMIT; from += CHUNK) {
            sequential += CountPrimes.count(from, CHUNK);
        }
        double loopSeconds = (System.nanoTime() - t0) / 1e9;
        try (WorkerPool pool = WorkerPool.open(workers)) {
            long t1 = System.nanoTime();
            long parallel = pool.map(CountPrimes.class, LongStream.range(0, LIMIT / CHUNK)
                    .mapToObj(k -> new long[] {k * CHUNK, CHUNK}), Progress.auto().label("primes"))
                    .mapToLong(Long::longValue).sum();
            double poolSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("primes below %,d: %,d (loop) %,d (pool)%n", LIMIT, sequential, parallel);
            System.out.printf("plain loop %.2f s, pool of %d workers %.2f s, speed-up %.2fx%n", loopSeconds, workers,
                    poolSeconds, loopSeconds / poolSeconds);
        }
    }
}
