package io.procpool.benchmarks;

import io.procpool.WorkerPool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Section "seed": the seed workload (dict in, dict out) through procpool's {@code map} with default
 * settings, Python's {@code Pool(2).imap} at chunksize 1 and 100, and a plain in-process loop.
 * Each side builds its parameters before the clock starts and times only the map loop; each
 * reports the median of {@link #RUNS} runs after a warm-up run.
 */
final class SeedBench {
    static final int RUNS = 5;
    /** Consecutive procpool runs on one pool; cold, warm and steady are read off their positions. */
    static final int PROCPOOL_RUNS = 16;
    private static final String SECTION = "seed";
    private static final Pattern JSON_NUMBER = Pattern.compile("\"(\\w+)\":\\s*([-0-9.eE+]+)");

    private SeedBench() {}

    static void run(Report report) throws IOException, InterruptedException {
        int n = (int) Settings.number("seedTasks", 200_000, 1);
        List<Map<String, Integer>> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            params.add(Map.of("param1", i, "param2", 15));
        }
        long expected = (long) n * (n - 1) / 2 + 15L * n;
        report.note("seed: " + Report.count(n) + " tasks `Map.of(\"param1\", i, \"param2\", 15)` -> `Map.of(\"sum\", a + b)`;"
                + " one pool runs the map " + PROCPOOL_RUNS + " times in a row: cold = run 1, warm = median of runs 4-8,"
                + " steady = median of runs 12-16 (worker and coordinator JITs settle after a few million tasks);"
                + " Python: median of " + RUNS + " runs after 1,000 warm-up tasks (no JIT to warm); in-process loop: median"
                + " of " + RUNS + " after one warm-up; pool start is not timed; every run checks the sum of sums.");

        double inProcess = inProcess(params, expected);
        double[] runs = procpool(params, expected);
        double cold = runs[0];
        double warm = Stats.median(java.util.Arrays.copyOfRange(runs, 3, 8));
        double steady = Stats.median(java.util.Arrays.copyOfRange(runs, 11, 16));
        PythonResult python = python(n);
        Double py100 = python.rates.get(100);

        report.row(SECTION, "procpool `WorkerPool.open(2)` `map`, defaults, steady (runs 12-16)", Report.rate(steady),
                py100 == null ? "" : "steady / Python chunksize=100 = " + Report.ratio(steady / py100));
        report.row(SECTION, "procpool, warm (runs 4-8)", Report.rate(warm),
                py100 == null ? "" : "warm / Python chunksize=100 = " + Report.ratio(warm / py100));
        report.row(SECTION, "procpool, first run on a fresh pool (cold JIT)", Report.rate(cold),
                py100 == null ? "" : "cold / Python chunksize=100 = " + Report.ratio(cold / py100));
        for (int chunk : new int[] {1, 100}) {
            Double py = python.rates.get(chunk);
            String name = "Python `Pool(2).imap`, chunksize=" + chunk;
            if (py == null) {
                report.row(SECTION, name, python.problem == null ? "no result" : python.problem, "");
            } else {
                report.row(SECTION, name, Report.rate(py), "procpool steady / this = " + Report.ratio(steady / py)
                        + ", warm / this = " + Report.ratio(warm / py));
            }
        }
        report.row(SECTION, "plain in-process Java loop", Report.rate(inProcess),
                "procpool steady / this = " + Report.ratio(steady / inProcess));
    }

    /** Median tasks/s per chunk size, or why there are none. */
    private record PythonResult(Map<Integer, Double> rates, String problem) {
        static PythonResult failed(String problem) {
            return new PythonResult(Map.of(), problem);
        }
    }

    private static double inProcess(List<Map<String, Integer>> params, long expected) {
        SeedSum task = new SeedSum();
        double[] rates = new double[RUNS];
        for (int r = -1; r < RUNS; r++) {
            long t0 = System.nanoTime();
            long total = 0;
            for (Map<String, Integer> p : params) {
                total += task.run(p).get("sum");
            }
            long elapsed = System.nanoTime() - t0;
            check(total, expected, "in-process");
            if (r >= 0) {
                rates[r] = params.size() * 1e9 / elapsed;
            }
        }
        return Stats.median(rates);
    }

    /** Tasks/s of each of {@link #PROCPOOL_RUNS} consecutive runs on one pool. */
    private static double[] procpool(List<Map<String, Integer>> params, long expected) {
        double[] rates = new double[PROCPOOL_RUNS];
        try (WorkerPool pool = WorkerPool.open(2)) {
            for (int r = 0; r < PROCPOOL_RUNS; r++) {
                long t0 = System.nanoTime();
                long total;
                try (Stream<Map<String, Integer>> results = pool.map(SeedSum.class, params)) {
                    total = results.mapToLong(m -> m.get("sum")).sum();
                }
                long elapsed = System.nanoTime() - t0;
                check(total, expected, "procpool");
                rates[r] = params.size() * 1e9 / elapsed;
                System.err.printf("[seed] procpool run %d: %s%n", r + 1, Report.rate(rates[r]));
            }
        }
        return rates;
    }

    private static PythonResult python(int n) throws IOException, InterruptedException {
        Map<Integer, Double> out = new HashMap<>();
        String exe = Settings.string("python", "python3");
        Path script = Path.of(Settings.string("pythonScript", "src/main/python/seed_pool.py"));
        if (!Files.isRegularFile(script)) {
            return PythonResult.failed("script not found: " + script.toAbsolutePath());
        }
        Process p;
        try {
            p = new ProcessBuilder(exe, script.toString(), "--tasks", Integer.toString(n), "--workers", "2",
                    "--chunksizes", "1,100", "--runs", Integer.toString(RUNS))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            return PythonResult.failed(exe + " not found");
        }
        p.getOutputStream().close();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Double> fields = new HashMap<>();
                Matcher m = JSON_NUMBER.matcher(line);
                while (m.find()) {
                    fields.put(m.group(1), Double.parseDouble(m.group(2)));
                }
                if (fields.containsKey("chunksize") && fields.containsKey("median_tasks_per_s")) {
                    out.put(fields.get("chunksize").intValue(), fields.get("median_tasks_per_s"));
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            return PythonResult.failed(exe + " failed with exit code " + exit + " (see stderr)");
        }
        return new PythonResult(out, null);
    }

    private static void check(long total, long expected, String who) {
        if (total != expected) {
            throw new IllegalStateException(who + ": sum of sums was " + total + ", expected " + expected);
        }
    }
}
