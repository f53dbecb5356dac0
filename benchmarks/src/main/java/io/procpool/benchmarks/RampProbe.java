package io.procpool.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.procpool.Task;
import io.procpool.WorkerPool;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Diagnostic, not a section of the table: the seed map run again and again on one fresh
 * {@code open(2)}, printing per run the rate and what it cost, which a loaded machine moves far
 * less than the rate: CPU per element of the coordinator JVM and of the workers (from
 * {@code /proc}), bytes the coordinator allocated per element, and first-touch page faults
 * (minor faults) of both. Uses only the public API and the seed tasks, so the same source
 * compiles against an older build for an A/B (see benchmarks/README.md).
 *
 * <pre>
 * java -cp benchmarks/target/classes:&lt;classpath&gt; io.procpool.benchmarks.RampProbe [hash] [tasks] [runs] [jvmArg ...]
 * </pre>
 */
public final class RampProbe {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private RampProbe() {}

    /**
     * Runs the probe.
     *
     * @param args {@code mapof} or {@code hash}, elements per map, runs, then worker JVM arguments
     * @throws IOException when {@code /proc} cannot be read
     */
    public static void main(String[] args) throws IOException {
        boolean hash = args.length > 0 && args[0].equals("hash");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String[] jvmArgs = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[0];
        long expected = (long) n * (n - 1) / 2 + 15L * n;
        WorkerPool.Builder b = WorkerPool.builder().workers(2);
        if (jvmArgs.length > 0) {
            b.jvmArgs(jvmArgs);
        }
        StringBuilder curve = new StringBuilder();
        try (WorkerPool pool = b.open()) {
            for (int r = 1; r <= runs; r++) {
                long[] c0 = stat(ProcessHandle.current().pid());
                long[] w0 = workers();
                long a0 = allocated();
                long cpu0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                long total = hash ? run(pool, SeedHashSum.class, hashParams(n)) : run(pool, SeedSum.class, mapParams(n));
                long elapsed = System.nanoTime() - t0;
                long cpu = OS.getProcessCpuTime() - cpu0;
                long alloc = allocated() - a0;
                long[] c1 = stat(ProcessHandle.current().pid());
                long[] w1 = workers();
                if (total != expected) {
                    throw new IllegalStateException("sum of sums was " + total + ", expected " + expected);
                }
                double rate = n * 1e9 / elapsed;
                curve.append(r == 1 ? "" : ", ").append(Math.round(rate / 1000));
                System.out.printf("run %2d: %6.0fk/s  coordinator %5.0f ns/el %4.0f B/el %6d faults"
                        + "  workers %5.0f ns/el %6d faults%n", r, rate / 1000, (double) cpu / n, (double) alloc / n,
                        c1[0] - c0[0], (w1[1] - w0[1]) * 1e7 / n, w1[0] - w0[0]);
            }
        }
        System.out.println((hash ? "HashMap" : "Map.of") + " curve (k tasks/s): " + curve);
    }

    private static <P, R extends Map<String, ?>> long run(WorkerPool pool, Class<? extends Task<P, R>> task,
            List<P> params) {
        try (Stream<R> results = pool.map(task, params)) {
            return results.mapToLong(m -> ((Integer) m.get("sum")).longValue()).sum();
        }
    }

    /** Parameters are built outside the clock but inside the run's allocation count: built once, reused. */
    private static List<Map<String, Integer>> mapParams(int n) {
        if (mapParams == null) {
            mapParams = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                mapParams.add(Map.of("param1", i, "param2", 15));
            }
        }
        return mapParams;
    }

    private static List<HashMap<String, Object>> hashParams(int n) {
        if (hashParams == null) {
            hashParams = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                HashMap<String, Object> h = new HashMap<>();
                h.put("param1", i);
                h.put("param2", 15);
                hashParams.add(h);
            }
        }
        return hashParams;
    }

    private static List<Map<String, Integer>> mapParams;
    private static List<HashMap<String, Object>> hashParams;

    /** Bytes allocated so far by the live threads of this JVM. */
    private static long allocated() {
        long sum = 0;
        for (long v : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, v);
        }
        return sum;
    }

    /** Minor faults and CPU ticks (user + system) of all worker processes together. */
    private static long[] workers() throws IOException {
        long[] sum = new long[2];
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            long[] s = stat(p.pid());
            sum[0] += s[0];
            sum[1] += s[1];
        }
        return sum;
    }

    /** Minor faults and CPU ticks of one process, from {@code /proc/<pid>/stat}; zeros once it is gone. */
    private static long[] stat(long pid) throws IOException {
        String s;
        try {
            s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (java.nio.file.NoSuchFileException e) {
            return new long[2];
        }
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[7]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
    }
}
