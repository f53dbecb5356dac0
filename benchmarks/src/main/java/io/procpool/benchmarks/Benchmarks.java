package io.procpool.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * procpool benchmarks, side by side in one run: seed throughput against Python's
 * {@code multiprocessing.Pool.imap}, CPU-bound scaling, round-trip latency, worker start-up, and
 * memory under a slow consumer. Prints a Markdown table on stdout (progress goes to stderr) and
 * writes it to {@code bench.out} (the pom sets {@code benchmarks/target/results.md}).
 *
 * <p>Sections are chosen with {@code -Dbench=seed,cpu,latency,spawn,memory} on the Maven command
 * line or the environment variable {@code BENCH}; default all. Sizes: see {@link Settings} and the
 * README of the benchmarks module.
 */
public final class Benchmarks {
    private static final List<String> SECTIONS = List.of("seed", "cpu", "latency", "spawn", "memory");

    private Benchmarks() {}

    @FunctionalInterface
    private interface Section {
        void run(Report report) throws Exception;
    }

    public static void main(String[] args) throws IOException {
        Set<String> chosen = chosenSections();
        long start = System.nanoTime();
        Report report = new Report();
        String header = header(chosen);
        System.err.println("procpool benchmarks: " + String.join(", ", chosen) + " (progress on stderr, table on stdout at the end)");
        List<String> failed = new ArrayList<>();
        for (String name : chosen) {
            Section s = switch (name) {
                case "seed" -> SeedBench::run;
                case "cpu" -> CpuBench::run;
                case "latency" -> LatencyBench::run;
                case "spawn" -> SpawnBench::run;
                case "memory" -> MemoryBench::run;
                default -> throw new IllegalStateException(name);
            };
            long t0 = System.nanoTime();
            System.err.println("== " + name);
            try {
                s.run(report);
            } catch (Exception | Error e) {
                failed.add(name);
                report.row(name, "FAILED", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                e.printStackTrace();
            }
            System.err.printf(Locale.ROOT, "== %s took %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        }
        report.note(String.format(Locale.ROOT, "Total run time %.1f s.", (System.nanoTime() - start) / 1e9));
        String md = header + "\n" + report.markdown();
        System.out.print(md);
        System.out.flush();
        Path out = Path.of(Settings.string("out", "target/results.md"));
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.err.println("wrote " + out.toAbsolutePath());
        if (!failed.isEmpty()) {
            System.err.println("failed sections: " + failed);
            System.exit(1);
        }
    }

    private static Set<String> chosenSections() {
        String spec = Settings.string("", "all");
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String s = part.trim().toLowerCase(Locale.ROOT);
            if (s.equals("all")) {
                chosen.addAll(SECTIONS);
            } else if (SECTIONS.contains(s)) {
                chosen.add(s);
            } else if (!s.isEmpty()) {
                throw new IllegalArgumentException("unknown benchmark section '" + s + "'; choose from " + SECTIONS
                        + " or all");
            }
        }
        // run in the documented order whatever order was asked for
        Set<String> ordered = new LinkedHashSet<>(SECTIONS);
        ordered.retainAll(chosen);
        return ordered;
    }

    private static String header(Set<String> chosen) {
        Runtime rt = Runtime.getRuntime();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return "# procpool benchmarks\n\n"
                + "- Date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "- Machine: " + rt.availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + (load >= 0 ? String.format(Locale.ROOT, ", load average %.2f at start", load) : "") + "\n"
                + "- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + "), max heap " + Report.mib(rt.maxMemory()) + "\n"
                + "- Sections: " + String.join(", ", chosen) + "\n";
    }
}
