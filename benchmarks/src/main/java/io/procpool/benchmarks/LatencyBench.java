package io.procpool.benchmarks;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

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
        double[] raw = rawPipe(warmup, calls);
        report.row(SECTION, "`submit(Echo.class, i).get()` median, 1 warm worker", Report.us(Stats.median(micros)),
                Report.count(calls) + " calls after " + Report.count(warmup) + " warm-up; procpool / raw pipe = "
                        + Report.ratio(Stats.median(micros) / Stats.median(raw)));
        report.row(SECTION, "raw pipe round trip to a child JVM (1 byte, blocking reads), median",
                Report.us(Stats.median(raw)), "the floor of any process pool on this machine");
        report.row(SECTION, "`submit(Echo.class, i).get()` p99", Report.us(Stats.percentile(micros, 99)),
                "max " + Report.us(Stats.max(micros)));
    }

    /** Round trips of one byte through {@link PipeEcho}, in microseconds. */
    private static double[] rawPipe(int warmup, int calls) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), PipeEcho.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        double[] micros = new double[calls];
        try (OutputStream out = p.getOutputStream(); InputStream in = p.getInputStream()) {
            for (int i = -warmup; i < calls; i++) {
                long t0 = System.nanoTime();
                out.write(i & 0x7F);
                out.flush();
                if (in.read() != (i & 0x7F)) {
                    throw new IllegalStateException("echo returned a wrong byte");
                }
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - t0) / 1e3;
                }
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        return micros;
    }

    private static void check(Integer result, int expected) {
        if (result == null || result != expected) {
            throw new IllegalStateException("Echo returned " + result + ", expected " + expected);
        }
    }
}
