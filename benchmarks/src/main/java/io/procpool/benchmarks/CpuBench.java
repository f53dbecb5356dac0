package io.procpool.benchmarks;

import io.procpool.WorkerPool;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Section "cpu": N equal CPU-bound tasks of about 10 ms ({@link Burn}, calibrated once in this JVM)
 * run sequentially in-process, on procpool with 2 workers, and on an in-process fixed pool of 2
 * threads. Rounds interleave the three so machine noise hits them alike; each figure is the median
 * over the rounds. Pools are started and warmed (a few tasks each) before the clock starts.
 */
final class CpuBench {
    private static final String SECTION = "cpu";
    private static final long TARGET_NANOS = 10_000_000;
    private static final int WARMUP_TASKS = 10;

    private CpuBench() {}

    static void run(Report report) throws Exception {
        int n = (int) Settings.number("cpuTasks", 200, 1);
        int rounds = (int) Settings.number("cpuRounds", 3, 1);
        long iterations = calibrate();
        long expected = Burn.burn(iterations);
        List<Long> params = Collections.nCopies(n, iterations);

        double[] seq = new double[rounds];
        double[] pp = new double[rounds];
        double[] tp = new double[rounds];
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (WorkerPool pool = WorkerPool.open(2)) {
            procpool(pool, Collections.nCopies(WARMUP_TASKS, iterations), expected);
            threadPool(threads, Collections.nCopies(WARMUP_TASKS, iterations), expected);
            for (int r = 0; r < rounds; r++) {
                seq[r] = sequential(params, expected);
                pp[r] = procpool(pool, params, expected);
                tp[r] = threadPool(threads, params, expected);
                System.err.printf("[cpu] round %d: sequential %s, procpool %s, threads %s%n", r + 1,
                        Report.ms(seq[r]), Report.ms(pp[r]), Report.ms(tp[r]));
            }
            // The workers' own run time per task, against the ~10 ms it takes in this JVM: the
            // part of the gap to the thread pool that is not the pool's overhead.
            report.block("cpu, procpool pool after its rounds: `pool.stats().insights()`", pool.stats().insights());
        } finally {
            threads.shutdownNow();
        }
        double s = Stats.median(seq);
        double p = Stats.median(pp);
        double t = Stats.median(tp);
        report.row(SECTION, n + " × ~10 ms tasks, sequential in-process", Report.ms(s), "1.00×");
        report.row(SECTION, n + " × ~10 ms tasks, procpool 2 workers", Report.ms(p), "speed-up " + Report.ratio(s / p));
        report.row(SECTION, n + " × ~10 ms tasks, fixed thread pool of 2", Report.ms(t), "speed-up " + Report.ratio(s / t));
        report.row(SECTION, "efficiency = thread pool time / procpool time", Report.ratio(t / p), "");
        report.note("cpu: " + Report.count(iterations) + " xorshift steps per task (calibrated to ~10 ms of thread CPU time in the coordinator JVM);"
                + " median of " + rounds + " interleaved rounds; pools warmed with " + WARMUP_TASKS
                + " tasks first; every result is checked.");
    }

    /**
     * Iterations that take about 10 ms of CPU time here. Many short calls first get {@link Burn#burn} fully
     * compiled (a single long call would be measured in slower on-stack-replaced code); then the
     * estimate is refined until a median of 5 timings lands within 5% of the target.
     */
    static long calibrate() {
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += Burn.burn(5_000);
        }
        long iterations = 1 << 16;
        while (time(iterations) < TARGET_NANOS / 4) {
            iterations *= 2;
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            double[] nanos = new double[5];
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] = time(iterations);
            }
            double median = Stats.median(nanos);
            iterations = Math.max(1, (long) (iterations * (TARGET_NANOS / median)));
            if (Math.abs(median - TARGET_NANOS) < TARGET_NANOS * 0.05) {
                break;
            }
        }
        return sink == 42 ? iterations + 1 : iterations;
    }

    /** CPU time, not wall time, so a busy machine does not stretch the calibration. */
    private static double time(long iterations) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        Burn.burn(iterations);
        return threads.getCurrentThreadCpuTime() - t0;
    }

    private static double sequential(List<Long> params, long expected) {
        long t0 = System.nanoTime();
        for (Long p : params) {
            check(Burn.burn(p), expected);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double procpool(WorkerPool pool, List<Long> params, long expected) {
        long t0 = System.nanoTime();
        try (Stream<Long> results = pool.map(Burn.class, params)) {
            results.forEach(r -> check(r, expected));
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double threadPool(ExecutorService threads, List<Long> params, long expected) throws Exception {
        long t0 = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>(params.size());
        for (Long p : params) {
            futures.add(threads.submit(() -> Burn.burn(p)));
        }
        for (Future<Long> f : futures) {
            check(f.get(), expected);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void check(long result, long expected) {
        if (result != expected) {
            throw new IllegalStateException("Burn returned " + result + ", expected " + expected);
        }
    }
}
