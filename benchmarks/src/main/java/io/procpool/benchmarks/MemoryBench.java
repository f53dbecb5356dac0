package io.procpool.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Section "memory": starts {@link MemoryRun} in a JVM with {@code -Xmx64m} and reports what it
 * measured: a long stream through {@code map} with a consumer slower than the workers must stay
 * within the window and a small heap.
 */
final class MemoryBench {
    private static final String SECTION = "memory";
    /** {@code WorkerPool.Builder.window} default. */
    static final long DEFAULT_WINDOW = 8192;

    private MemoryBench() {}

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    static void run(Report report) throws Exception {
        long tasks = Settings.number("memoryTasks", 10_000_000, 1);
        long spin = Settings.number("memorySpinNanos", 10_000, 0);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), MemoryRun.class.getName(), Long.toString(tasks),
                Long.toString(spin));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        Map<String, String> out = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("MemoryRun did not exit after closing its output");
        }
        if (p.exitValue() != 0 || !out.containsKey("completed")) {
            throw new IllegalStateException("MemoryRun failed with exit code " + p.exitValue() + " (see stderr)");
        }
        long completed = Long.parseLong(out.get("completed"));
        double seconds = Double.parseDouble(out.get("seconds"));
        long maxGap = Long.parseLong(out.get("maxGap"));
        double loop = Double.parseDouble(out.get("loopSeconds"));
        double wait = Double.parseDouble(out.get("consumerWaitFraction"));
        double cpu = Double.parseDouble(out.get("consumerCpuFraction"));
        report.row(SECTION, "tasks completed, coordinator JVM `-Xmx64m`", Report.count(completed) + " of " + Report.count(tasks),
                "sum " + ("true".equals(out.get("sumOk")) ? "correct" : "WRONG"));
        report.row(SECTION, "time, pool open to close", String.format(Locale.ROOT, "%.1f s", seconds),
                Report.rate(completed / loop) + " while streaming; the consumer spins " + Report.count(spin)
                        + " ns per result and spent " + percent(wait) + " of the stream waiting for results (low ="
                        + " it was the bottleneck); it got " + percent(cpu) + " of a core");
        report.row(SECTION, "heap used, peak (sampled every 10 ms)", Report.mib(Long.parseLong(out.get("heapUsedPeakSampled"))),
                "heap max " + Report.mib(Long.parseLong(out.get("heapMax"))));
        report.row(SECTION, "heap used right after GC, peak", Report.mib(Long.parseLong(out.get("heapUsedPeakAfterGc"))),
                out.get("gcCount") + " collections");
        report.row(SECTION, "largest pulled − consumed gap", Report.count(maxGap),
                "window " + Report.count(DEFAULT_WINDOW) + (maxGap <= DEFAULT_WINDOW ? " — within" : " — EXCEEDED"));
        if (maxGap > DEFAULT_WINDOW) {
            throw new IllegalStateException("pulled - consumed reached " + maxGap + ", above the window " + DEFAULT_WINDOW);
        }
    }
}
