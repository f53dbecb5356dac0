package io.procpool.it.sidecar;

import io.procpool.Progress;
import io.procpool.Task;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A coordinator JVM for {@link StandaloneCoordinatorTest}, started with a classpath the test
 * chooses (without logback, so SLF4J has no provider). Reports on stdout, one fact a line:
 * {@code WORKERS <pid>...} after each phase, then {@code RESULT <what>}. Scenarios (first argument):
 * <ul>
 * <li>{@code print <marker>}: a task prints the marker twice, once with no bar and once with a bar;
 * <li>{@code flood <marker> <dir>}: a task prints a 50 MB line, then short lines until another
 *     pool has run 200 elements (at least 500,000 lines), then the marker; then a later element
 *     must succeed and a crashing one must report its last stderr line;
 * <li>{@code tool <name>}: a task starts the program {@code name}, found through PATH;
 * <li>{@code preview}: whether the worker runs with {@code --enable-preview}.
 * </ul>
 */
public final class StandaloneCoordinatorMain {
    private StandaloneCoordinatorMain() {}

    /**
     * Prints a 50 MB line, creates {@code <dir>/flooding}, then prints numbered lines, at least
     * 500,000 and on until {@code <dir>/stop} exists; then the marker. Returns the line count.
     */
    public static final class Flood implements Task<List<String>, Integer> {
        @Override
        public Integer run(List<String> dirAndMarker) throws IOException {
            Path dir = Path.of(dirAndMarker.get(0));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 50; i++) {
                System.out.write(chunk, 0, chunk.length);
            }
            System.out.println();
            Files.createFile(dir.resolve("flooding"));
            int n = 0;
            while (n < 500_000 || n % 10_000 != 0 || !Files.exists(dir.resolve("stop"))) {
                System.out.println("flood " + n++);
            }
            System.out.println(dirAndMarker.get(1));
            return n;
        }
    }

    /** Doubles. */
    public static final class Twice implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return 2 * x;
        }
    }

    /** Prints its last words on stderr, then halts the worker. */
    public static final class LastWords implements Task<String, String> {
        @Override
        public String run(String words) {
            System.err.println(words);
            System.err.flush();
            Runtime.getRuntime().halt(3);
            return "unreachable";
        }
    }

    /** Whether the worker JVM has preview features enabled. */
    public static final class PreviewEnabled implements Task<Integer, Boolean> {
        @Override
        public Boolean run(Integer ignored) {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview");
        }
    }

    /**
     * Runs one scenario.
     *
     * @param args scenario and its argument
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).open()) {
            out.println("WORKERS " + pids(pool));
            switch (args[0]) {
                case "print" -> {
                    pool.map(LookTasks.PrintText.class, List.of(args[1] + " no-bar"), Progress.off()).toList();
                    pool.map(LookTasks.PrintText.class, List.of(args[1] + " bar"), Progress.on().total(1)).toList();
                    out.println("RESULT printed");
                }
                case "flood" -> {
                    Path dir = Path.of(args[2]);
                    CompletableFuture<Integer> flood = pool.submit(Flood.class, List.of(args[2], args[1]));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!Files.exists(dir.resolve("flooding")) && System.nanoTime() < deadline) {
                        Thread.sleep(5); // another JVM's file: polling is the only way to see it
                    }
                    // While that worker floods, another pool's worker is served as usual.
                    try (WorkerPool other = WorkerPool.builder().workers(1).open()) {
                        out.println("WORKERS " + pids(other));
                        int sum = 0;
                        for (int i = 0; i < 200; i++) {
                            sum += other.submit(Twice.class, i).get(60, TimeUnit.SECONDS);
                        }
                        out.println("RESULT other pool during flood " + sum + " flood done " + flood.isDone());
                    }
                    Files.createFile(dir.resolve("stop"));
                    out.println("RESULT flood lines " + flood.get(120, TimeUnit.SECONDS));
                    out.println("RESULT later " + pool.submit(Twice.class, 21).get(60, TimeUnit.SECONDS));
                    try {
                        pool.submit(LastWords.class, "last-words-" + args[1]).get(60, TimeUnit.SECONDS);
                        out.println("RESULT crash not detected");
                    } catch (ExecutionException e) {
                        WorkerCrashedException c = (WorkerCrashedException) e.getCause();
                        out.println("RESULT crash tail " + c.stderrTail().contains("last-words-" + args[1]));
                    }
                    out.println("WORKERS " + pids(pool));
                    out.println("RESULT after crash " + pool.submit(Twice.class, 4).get(60, TimeUnit.SECONDS));
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    out.println("RESULT heap used MiB " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
                }
                case "tool" -> out.println("RESULT tool " + pool.submit(LookTasks.RunTool.class, args[1])
                        .get(60, TimeUnit.SECONDS));
                case "preview" -> out.println("RESULT preview " + pool.submit(PreviewEnabled.class, 0)
                        .get(60, TimeUnit.SECONDS));
                default -> throw new IllegalArgumentException(args[0]);
            }
            out.println("WORKERS " + pids(pool));
        }
        out.println("RESULT closed");
    }

    private static String pids(WorkerPool pool) {
        StringBuilder sb = new StringBuilder();
        for (long pid : pool.workerPids()) {
            sb.append(sb.length() == 0 ? "" : " ").append(pid);
        }
        return sb.toString();
    }
}
