package io.procpool.benchmarks;

import com.esotericsoftware.kryo.kryo5.Kryo;
import io.procpool.WorkerPool;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Section "spawn": how long {@code WorkerPool.open(1)} takes (it returns once the worker is ready),
 * against a bare JVM running an empty main and a JVM that creates one {@link Kryo}, each timed
 * from {@code ProcessBuilder.start} to {@code waitFor}. One untimed cycle of each comes first.
 */
final class SpawnBench {
    private static final String SECTION = "spawn";
    /** The flags procpool gives its workers that affect start-up time. */
    private static final List<String> FLAGS = List.of("-Xshare:auto", "-XX:-UsePerfData");

    private SpawnBench() {}

    static void run(Report report) throws Exception {
        int cycles = (int) Settings.number("spawnCycles", 10, 1);
        double[] open = new double[cycles];
        double[] first = new double[cycles];
        for (int i = -1; i < cycles; i++) {
            long t0 = System.nanoTime();
            WorkerPool pool = WorkerPool.open(1);
            long elapsed = System.nanoTime() - t0;
            Integer echoed = pool.submit(Echo.class, 7).get();
            long toFirst = System.nanoTime() - t0;
            pool.close();
            if (echoed == null || echoed != 7) {
                throw new IllegalStateException("Echo returned " + echoed);
            }
            if (i >= 0) {
                open[i] = elapsed / 1e6;
                first[i] = toFirst / 1e6;
            }
        }
        double[][] fresh1 = freshCoordinator(1, cycles);
        double[][] fresh2 = freshCoordinator(2, cycles);
        String bareCp = location(Noop.class);
        double[] bare = startJvm(bareCp, Noop.class, cycles);
        String kryoCp = classpath(KryoStart.class, Kryo.class);
        double[] kryo = startJvm(kryoCp, KryoStart.class, cycles);

        double o = Stats.median(open);
        double b = Stats.median(bare);
        double k = Stats.median(kryo);
        report.row(SECTION, "`WorkerPool.open(1)` until ready, median", Report.ms(o),
                "min " + Report.ms(Stats.min(open)) + "; open / bare JVM = " + Report.ratio(o / b)
                        + "; open / JVM + Kryo = " + Report.ratio(o / k));
        report.row(SECTION, "`open(1)` then one `submit(...).get()`: spawn to first result, median",
                Report.ms(Stats.median(first)), "includes the worker's Kryo set-up, done after its handshake");
        double f1 = Stats.median(fresh1[0]);
        report.row(SECTION, "`open(1)` until ready in a fresh coordinator JVM (its first pool), median", Report.ms(f1),
                "min " + Report.ms(Stats.min(fresh1[0])) + ", max " + Report.ms(Stats.max(fresh1[0]))
                        + "; fresh / bare JVM = " + Report.ratio(f1 / b) + "; logging initialised before the clock, took "
                        + Report.ms(Stats.median(fresh1[2])));
        report.row(SECTION, "`open(1)` + first result in a fresh coordinator JVM, median",
                Report.ms(Stats.median(fresh1[1])), "max " + Report.ms(Stats.max(fresh1[1])));
        report.row(SECTION, "`open(2)` + first result in a fresh coordinator JVM, median",
                Report.ms(Stats.median(fresh2[1])), "open(2) alone " + Report.ms(Stats.median(fresh2[0]))
                        + "; max " + Report.ms(Stats.max(fresh2[1])));
        report.row(SECTION, "bare JVM, empty main, start to exit, median", Report.ms(b),
                "min " + Report.ms(Stats.min(bare)));
        report.row(SECTION, "JVM + `new Kryo()`, start to exit, median", Report.ms(k),
                "min " + Report.ms(Stats.min(kryo)));
        footprint(report);
        report.note("spawn: fresh coordinator JVM = a new `java` running `FreshOpen` (open, one `submit`, close),"
                + " timed inside it from just before `open`, after SLF4J/logback initialisation (an application that logs has done that already; its time is shown); median of " + cycles + " cycles after one untimed cycle"
                + " for every spawn row; footprint = /proc/<pid>/status of each worker, 1 s after its last task.");
        report.note("spawn: median of " + cycles + " cycles after one untimed cycle; the plain JVMs run with "
                + String.join(" ", FLAGS) + " (as procpool's workers do) and only the jars they need;"
                + " the pool is closed outside the timed part.");
    }

    /**
     * [0] open until ready, [1] open until first result, [2] logging initialisation before open, in ms,
     * each measured in a new coordinator JVM.
     */
    private static double[][] freshCoordinator(int workers, int cycles) throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FreshOpen.class.getName(), Integer.toString(workers));
        double[][] ms = new double[3][cycles];
        for (int i = -1; i < cycles; i++) {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("FreshOpen exited with " + exit + ": " + out);
            }
            String[] f = out.substring(out.lastIndexOf('\n') + 1).split(" ");
            if (i >= 0) {
                ms[0][i] = Double.parseDouble(f[0]);
                ms[1][i] = Double.parseDouble(f[1]);
                ms[2][i] = Double.parseDouble(f[2]);
            }
        }
        return ms;
    }

    private static void footprint(Report report) throws IOException, InterruptedException {
        if (!Footprint.supported()) {
            report.row(SECTION, "idle worker footprint", "no /proc", "");
            return;
        }
        for (int workers : new int[] {1, 2}) {
            List<Footprint.Sample> samples = Footprint.idleWorkers(workers, java.time.Duration.ofSeconds(1));
            StringBuilder rss = new StringBuilder();
            StringBuilder threads = new StringBuilder();
            for (Footprint.Sample s : samples) {
                rss.append(rss.length() == 0 ? "" : ", ").append(Report.mib(s.rssKb() * 1024));
                threads.append(threads.length() == 0 ? "" : ", ").append(s.threads());
            }
            report.row(SECTION, "idle worker of `open(" + workers + ")`, defaults: VmRSS; Threads", rss + "; " + threads
                    + " threads", Runtime.getRuntime().availableProcessors() + " cores");
        }
    }

    private static double[] startJvm(String cp, Class<?> main, int cycles) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(FLAGS);
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(main.getName());
        double[] ms = new double[cycles];
        for (int i = -1; i < cycles; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int exit = p.waitFor();
            long elapsed = System.nanoTime() - t0;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + exit);
            }
            if (i >= 0) {
                ms[i] = elapsed / 1e6;
            }
        }
        return ms;
    }

    /** The classpath entries holding these classes; names that do not load are skipped. */
    private static String classpath(Class<?> main, Class<?> kryo, String... optional) {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(location(main));
        entries.add(location(kryo));
        for (String name : optional) {
            try {
                entries.add(location(Class.forName(name, false, SpawnBench.class.getClassLoader())));
            } catch (ClassNotFoundException e) {
                // not a dependency of this Kryo version
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + c.getName(), e);
        }
    }
}
