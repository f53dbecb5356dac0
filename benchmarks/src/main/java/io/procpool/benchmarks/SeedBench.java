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
    /** Runs shown one by one in the warm-up curve. */
    static final int CURVE_RUNS = 10;
    private static final String SECTION = "seed";
    private static final Pattern JSON_NUMBER = Pattern.compile("\"(\\w+)\":\\s*([-0-9.eE+]+)");

    private SeedBench() {}

    static void run(Report report) throws IOException, InterruptedException {
        int n = (int) Settings.number("seedTasks", 200_000, 1);
        List<Map<String, Integer>> params = new ArrayList<>(n);
        List<HashMap<String, Object>> hashParams = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            params.add(Map.of("param1", i, "param2", 15));
            HashMap<String, Object> h = new HashMap<>();
            h.put("param1", i);
            h.put("param2", 15);
            hashParams.add(h);
        }
        long expected = (long) n * (n - 1) / 2 + 15L * n;
        report.note("seed: " + Report.count(n) + " tasks, two task types: `Map.of(\"param1\", i, \"param2\", 15)` -> `Map.of(\"sum\", a + b)`"
                + " and `HashMap` in -> new `HashMap` out; each type gets a fresh `WorkerPool.open(2)` (opened before"
                + " the clock starts) that runs the map " + PROCPOOL_RUNS + " times in a row: first = run 1 (what a user"
                + " who maps once sees), curve = runs 1-" + CURVE_RUNS + ", steady = median of runs 12-16;"
                + " Python: median of " + RUNS + " runs after 1,000 warm-up tasks (no JIT to warm); in-process loop: median"
                + " of " + RUNS + " after one warm-up; every run checks the sum of sums.");

        double inProcess = inProcess(params, expected);
        double[] mapOf = procpool(SeedSum.class, params, expected, "Map.of", report);
        double[] hash = procpool(SeedHashSum.class, hashParams, expected, "HashMap", report);
        PythonResult python = python(n);
        Double py100 = python.rates.get(100);

        double mapOfSteady = steady(mapOf);
        double hashSteady = steady(hash);
        report.row(SECTION, "procpool first `map` on a fresh `open(2)`, `Map.of` task (run 1)", Report.rate(mapOf[0]),
                vsPython(mapOf[0], py100, "first") + "; first / steady = " + Report.ratio(mapOf[0] / mapOfSteady));
        report.row(SECTION, "procpool first `map` on a fresh `open(2)`, `HashMap` task (run 1)", Report.rate(hash[0]),
                vsPython(hash[0], py100, "first") + "; first / steady = " + Report.ratio(hash[0] / hashSteady));
        report.row(SECTION, "procpool warm-up curve, `Map.of`, runs 1-" + CURVE_RUNS + " (k tasks/s)", curve(mapOf),
                reached(mapOf, mapOfSteady, n));
        report.row(SECTION, "procpool warm-up curve, `HashMap`, runs 1-" + CURVE_RUNS + " (k tasks/s)", curve(hash),
                reached(hash, hashSteady, n));
        report.row(SECTION, "procpool steady, `Map.of` (median of runs 12-16)", Report.rate(mapOfSteady),
                vsPython(mapOfSteady, py100, "steady"));
        report.row(SECTION, "procpool steady, `HashMap` (median of runs 12-16)", Report.rate(hashSteady),
                vsPython(hashSteady, py100, "steady"));
        for (int chunk : new int[] {1, 100}) {
            Double py = python.rates.get(chunk);
            String name = "Python `Pool(2).imap`, chunksize=" + chunk;
            if (py == null) {
                report.row(SECTION, name, python.problem == null ? "no result" : python.problem, "");
            } else {
                report.row(SECTION, name, Report.rate(py), "procpool `Map.of` first / this = "
                        + Report.ratio(mapOf[0] / py) + ", steady / this = " + Report.ratio(mapOfSteady / py));
            }
        }
        report.row(SECTION, "plain in-process Java loop", Report.rate(inProcess),
                "procpool `Map.of` steady / this = " + Report.ratio(mapOfSteady / inProcess));
    }

    private static double steady(double[] runs) {
        return Stats.median(java.util.Arrays.copyOfRange(runs, 11, 16));
    }

    private static String vsPython(double rate, Double py100, String what) {
        return py100 == null ? "no Python" : what + " / Python chunksize=100 = " + Report.ratio(rate / py100);
    }

    private static String curve(double[] runs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < CURVE_RUNS; i++) {
            sb.append(i == 0 ? "" : ", ").append(Math.round(runs[i] / 1000));
        }
        return sb.toString();
    }

    /** The first run at 90% of steady or better, and how many elements the pool had run before it. */
    private static String reached(double[] runs, double steady, int n) {
        for (int i = 0; i < runs.length; i++) {
            if (runs[i] >= 0.9 * steady) {
                return "run 1 / steady = " + Report.ratio(runs[0] / steady) + "; 90% of steady first in run " + (i + 1)
                        + " (after " + Report.count((long) i * n) + " elements)";
            }
        }
        return "run 1 / steady = " + Report.ratio(runs[0] / steady) + "; no run reached 90% of steady";
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

    /** Tasks/s of each of {@link #PROCPOOL_RUNS} consecutive runs on one fresh pool; then where its time went. */
    private static <P, R extends Map<String, ?>> double[] procpool(Class<? extends io.procpool.Task<P, R>> task,
            List<P> params, long expected, String label, Report report) {
        double[] rates = new double[PROCPOOL_RUNS];
        try (WorkerPool pool = WorkerPool.open(2)) {
            for (int r = 0; r < PROCPOOL_RUNS; r++) {
                long t0 = System.nanoTime();
                long total;
                try (Stream<R> results = pool.map(task, params)) {
                    total = results.mapToLong(m -> ((Integer) m.get("sum")).longValue()).sum();
                }
                long elapsed = System.nanoTime() - t0;
                check(total, expected, "procpool " + label);
                rates[r] = params.size() * 1e9 / elapsed;
                System.err.printf("[seed] procpool %s run %d: %s%n", label, r + 1, Report.rate(rates[r]));
            }
            report.block("seed, `" + label + "` pool after its " + PROCPOOL_RUNS + " runs: `pool.stats().insights()`",
                    pool.stats().insights());
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
