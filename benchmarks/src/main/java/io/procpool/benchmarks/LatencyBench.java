package io.procpool.benchmarks;

import io.procpool.WorkerPool;

/**
 * Section "latency": one task at a time on a warm one-worker pool,
 * {@code pool.submit(Echo.class, i).get()}, timed per call after a warm-up.
 */
final class LatencyBench {
    private static final String SECTION = "latency";

    private LatencyBench() {}

    static void run(Report report) throws Exception {
        int warmup = (int) Settings.number("latencyWarmup", 5_000, 0);
        int calls = (int) Settings.number("latencyCalls", 20_000, 1);
        double[] micros = new double[calls];
        try (WorkerPool pool = WorkerPool.open(1)) {
            for (int i = 0; i < warmup; i++) {
                check(pool.submit(Echo.class, i).get(), i);
            }
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                Integer r = pool.submit(Echo.class, i).get();
                micros[i] = (System.nanoTime() - t0) / 1e3;
                check(r, i);
            }
        }
        report.row(SECTION, "`submit(Echo.class, i).get()` median, 1 warm worker", Report.us(Stats.median(micros)),
                Report.count(calls) + " calls after " + Report.count(warmup) + " warm-up");
        report.row(SECTION, "`submit(Echo.class, i).get()` p99", Report.us(Stats.percentile(micros, 99)),
                "max " + Report.us(Stats.max(micros)));
    }

    private static void check(Integer result, int expected) {
        if (result == null || result != expected) {
            throw new IllegalStateException("Echo returned " + result + ", expected " + expected);
        }
    }
}
