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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Workers do not outlive a coordinator that is SIGKILLed, busy or idle. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(90)
class OrphanTest {
    private static final long GONE_WITHIN_MILLIS = 2_000;

    @Test
    void coordinatorSigkilled_busyAndIdleWorkersExitWithin2Seconds(@TempDir Path tmp) throws Exception {
        coordinatorEnds_busyAndIdleWorkersExitWithin2Seconds(tmp, false);
    }

    @Test
    void coordinatorMainReturnsWithoutClose_shutdownHookTakesWorkersDown(@TempDir Path tmp) throws Exception {
        coordinatorEnds_busyAndIdleWorkersExitWithin2Seconds(tmp, true);
    }

    private void coordinatorEnds_busyAndIdleWorkersExitWithin2Seconds(Path tmp, boolean normalExit)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path err = tmp.resolve("coordinator.err");
        Process coordinator = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OrphanCoordinatorMain.class.getName(), tmp.toString(), normalExit ? "return" : "wait")
                .redirectError(err.toFile()).start();
        List<Long> workers = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertNotNull(line, () -> "coordinator ended early; stderr:\n" + read(err));
            // WORKERS <pid> <pid> BUSY <pid>
            String[] words = line.split(" ");
            assertEquals(5, words.length, line);
            workers.add(Long.parseLong(words[1]));
            workers.add(Long.parseLong(words[2]));
            long busy = Long.parseLong(words[4]);
            assertTrue(workers.contains(busy), line);
            for (long pid : workers) {
                assertEquals(coordinator.pid(), ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                        .map(ProcessHandle::pid).orElse(-1L), "worker " + pid + " is the coordinator's child");
            }

            if (!normalExit) {
                coordinator.destroyForcibly();
            }
            assertTrue(coordinator.waitFor(10, TimeUnit.SECONDS), "coordinator ended");
            if (normalExit) {
                assertEquals(0, coordinator.exitValue(), () -> "coordinator exit; stderr:\n" + read(err));
            }

            // The workers are not our children: the OS gives no exit event, so poll.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GONE_WITHIN_MILLIS);
            List<Long> alive = running(workers);
            while (!alive.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                alive = running(workers);
            }
            assertTrue(alive.isEmpty(), "workers " + alive + " (busy: " + busy + ") still running "
                    + GONE_WITHIN_MILLIS + " ms after the coordinator " + (normalExit ? "exited" : "was SIGKILLed"));
        } finally {
            coordinator.destroyForcibly();
            for (long pid : workers) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The pids that are still running; an exited process that nobody reaped yet (a zombie) is not. */
    private static List<Long> running(List<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(pid)).collect(Collectors.toList());
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ...; comm may contain spaces and parentheses, so look after the last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ");
            return Arrays.asList("Z", "X").contains(rest[0]);
        } catch (IOException | RuntimeException e) {
            return false;
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
