package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.it.NoLeftoverWorkers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers, busy or idle, and the processes their tasks started do not outlive a coordinator that
 * is SIGKILLed or exits without closing its pool. The workers and the grandchild are not our
 * children (the grandchild is not even the workers' descendant), so the test polls for them.
 *
 * <p>The 20 runs alternate a busy worker (its task spins after starting the grandchild) and an
 * idle one (its task started the grandchild and returned). Coordinators are started a few at a time (their start-up is most of the test's time) and then
 * killed one after another, so each measurement runs on a machine that is not starting JVMs.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(120)
class OrphanTest {
    private static final long GONE_WITHIN_MILLIS = 1_000;
    private static final int RUNS = Integer.getInteger("orphanTest.runs", 20);
    private static final int AT_ONCE = 5;

    /** One coordinator JVM, ready: its workers, the busy one, and the busy task's grandchild. */
    private record Coordinator(Process process, Path err, List<Long> workers, long busy, long grandchild) {
        List<Long> all() {
            List<Long> all = new ArrayList<>(workers);
            all.add(grandchild);
            return all;
        }

        void destroyAll() {
            process.destroyForcibly();
            all().forEach(TreeTasks::kill);
        }
    }

    @Test
    void coordinatorSigkilled_workersAndGrandchildGoneWithin1Second_in20Runs(@TempDir Path tmp) throws Exception {
        List<Long> millis = new ArrayList<>();
        List<Long> afterDeath = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int run = 0; run < RUNS; run += AT_ONCE) {
            List<CompletableFuture<Coordinator>> starting = new ArrayList<>();
            for (int k = run; k < Math.min(RUNS, run + AT_ONCE); k++) {
                Path dir = Files.createDirectory(tmp.resolve("run" + k));
                String load = k % 2 == 0 ? "busy" : "idle";
                starting.add(CompletableFuture.supplyAsync(() -> start(dir, false, load)));
            }
            List<Coordinator> ready = new ArrayList<>();
            try {
                for (CompletableFuture<Coordinator> f : starting) {
                    ready.add(f.get(60, TimeUnit.SECONDS));
                }
                for (Coordinator c : ready) {
                    long t0 = System.nanoTime();
                    c.process().destroyForcibly();
                    c.process().waitFor(); // dead: the kernel has torn it down, its pipes are closed
                    long dead = System.nanoTime();
                    List<Long> alive = TreeTasks.awaitGone(c.all(), 5_000);
                    long end = System.nanoTime();
                    long took = (end - t0) / 1_000_000;
                    millis.add(took);
                    afterDeath.add((end - dead) / 1_000_000);
                    if (!alive.isEmpty() || took > GONE_WITHIN_MILLIS) {
                        failures.add("workers " + c.workers() + " (busy " + c.busy() + ") and grandchild "
                                + c.grandchild() + ": " + (alive.isEmpty() ? "gone after " + took + " ms"
                                        : alive + " still running after " + took + " ms") + " (coordinator reaped after "
                                + (dead - t0) / 1_000_000 + " ms)");
                    }
                }
            } finally {
                ready.forEach(Coordinator::destroyAll);
                starting.forEach(f -> f.thenAccept(Coordinator::destroyAll));
            }
        }
        List<Long> sorted = millis.stream().sorted().collect(Collectors.toList());
        System.err.println("[OrphanTest] last worker or grandchild gone, ms after the coordinator's SIGKILL: " + sorted
                + "; after it was reaped: " + afterDeath.stream().sorted().collect(Collectors.toList()));
        assertEquals(List.of(), failures, "runs over " + GONE_WITHIN_MILLIS + " ms; all: " + sorted);
    }

    @Test
    void coordinatorMainReturnsWithoutClose_shutdownHookTakesWorkersAndGrandchildDown(@TempDir Path tmp)
            throws Exception {
        Coordinator c = start(tmp, true, "both");
        try {
            assertTrue(c.process().waitFor(10, TimeUnit.SECONDS), "coordinator ended");
            assertEquals(0, c.process().exitValue(), () -> "coordinator exit; stderr:\n" + read(c.err()));
            List<Long> alive = TreeTasks.awaitGone(c.all(), GONE_WITHIN_MILLIS);
            assertTrue(alive.isEmpty(), alive + " of workers " + c.workers() + " (busy " + c.busy()
                    + ") and grandchild " + c.grandchild() + " still running " + GONE_WITHIN_MILLIS
                    + " ms after the coordinator exited");
        } finally {
            c.destroyAll();
        }
    }

    /** Starts a coordinator JVM and waits until its busy task runs and its grandchild exists. */
    private static Coordinator start(Path dir, boolean normalExit, String load) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path err = dir.resolve("coordinator.err");
        Process process;
        try {
            // A small coordinator: it starts faster, and the kernel tears a SIGKILLed JVM down in
            // time that grows with its touched heap, which is not procpool's to measure.
            process = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    OrphanCoordinatorMain.class.getName(), dir.toString(), normalExit ? "return" : "wait", load)
                    .redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, () -> "coordinator ended early; stderr:\n" + read(err));
            // WORKERS <pid> <pid> BUSY <pid> GRANDCHILD <pid>
            String[] words = line.split(" ");
            int n = load.equals("both") ? 2 : 1;
            assertEquals(5 + n, words.length, line);
            List<Long> workers = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                workers.add(Long.parseLong(words[i]));
            }
            long busy = Long.parseLong(words[n + 2]);
            assertTrue(busy == 0 || workers.contains(busy), line);
            for (long pid : workers) {
                assertEquals(process.pid(), ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                        .map(ProcessHandle::pid).orElse(-1L), "worker " + pid + " is the coordinator's child");
            }
            return new Coordinator(process, err, workers, busy, Long.parseLong(words[n + 4]));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
