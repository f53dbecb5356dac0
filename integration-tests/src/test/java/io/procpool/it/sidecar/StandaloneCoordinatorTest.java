package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coordinators in their own JVM ({@link StandaloneCoordinatorMain}) without logback, so SLF4J has no
 * provider: worker output still shows, bounded, and the coordinator's workers are gone afterwards.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(180)
class StandaloneCoordinatorTest {
    @Test
    void noSlf4jProvider_workerOutputGoesToStderrPrefixedWithWorker_alsoAboveProgressBar(@TempDir Path tmp)
            throws Exception {
        String marker = "m-" + UUID.randomUUID();
        Run run = Run.start(tmp, List.of(), Map.of(), "print", marker);

        assertTrue(run.stdout.contains("RESULT printed"), run::describe);
        long pid = run.workers.get(0);
        String prefix = "[w1 pid " + pid + "] ";
        List<String> lines = run.stderrLines();
        assertTrue(lines.contains(prefix + marker + " no-bar"), run::describe);
        // With a bar on, the line may come after "\r" + clear-to-end (printed above the bar).
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(prefix + marker + " bar")), run::describe);
    }

    @Test
    void workerPrints50MbLineAndFloods_coordinatorAt64MbDrainsAllServesOthersAndStillReportsCrashes(@TempDir Path tmp)
            throws Exception {
        String marker = "final-" + UUID.randomUUID();
        Path dir = Files.createDirectory(tmp.resolve("flood"));
        Run run = Run.start(tmp, List.of("-Xmx64m"), Map.of(), "flood", marker, dir.toString());

        assertTrue(run.stdout.contains("RESULT other pool during flood 39800 flood done false"), run::describe);
        String count = run.stdout.stream().filter(l -> l.startsWith("RESULT flood lines ")).findFirst()
                .orElseThrow(() -> new AssertionError(run.describe())).substring("RESULT flood lines ".length());
        int lines = Integer.parseInt(count);
        assertTrue(lines >= 500_000, "flood lines " + lines);
        assertTrue(run.stdout.contains("RESULT later 42"), run::describe);
        assertTrue(run.stdout.contains("RESULT crash tail true"), run::describe);
        assertTrue(run.stdout.contains("RESULT after crash 8"), run::describe);
        assertTrue(run.stdout.contains("RESULT closed"), run::describe);
        assertFalse(run.stderr.contains("OutOfMemoryError"), run::describe);
        String prefix = "[w1 pid " + run.workers.get(0) + "] ";
        List<String> stderr = run.stderrLines();
        String cutLine = stderr.stream().filter(l -> l.startsWith(prefix + "xxxx")).findFirst().orElse("none");
        assertEquals(prefix.length() + 8192 + "... [cut 52,420,608 bytes]".length(), cutLine.length(),
                "the 50 MB line, cut: " + cutLine.substring(Math.max(0, cutLine.length() - 60)));
        assertTrue(cutLine.endsWith("... [cut 52,420,608 bytes]"), cutLine.substring(cutLine.length() - 60));
        assertTrue(stderr.contains(prefix + "flood " + (lines - 1)), "the last flood line arrived");
        assertTrue(stderr.contains(prefix + marker), "the marker after the flood arrived");
        assertEquals(lines, stderr.stream().filter(l -> l.startsWith(prefix + "flood ")).count(),
                "every flood line arrived, none lost");
    }

    @Test
    void coordinatorWithPreviewEnabled_workersGetEnablePreview(@TempDir Path tmp) throws Exception {
        Run run = Run.start(tmp, List.of("--enable-preview"), Map.of(), "preview");

        assertTrue(run.stdout.contains("RESULT preview true"), run::describe);
    }

    @Test
    void toolOnCoordinatorsPath_startedByTaskWithDefaultSettings(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path tool = bin.resolve("procpool-test-tool");
        Files.writeString(tool, "#!/bin/sh\necho hello from the tool\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        String path = bin + File.pathSeparator + System.getenv("PATH");

        Run run = Run.start(tmp, List.of(), Map.of("PATH", path), "tool", "procpool-test-tool");

        assertTrue(run.stdout.contains("RESULT tool hello from the tool"), run::describe);
    }

    /** One finished coordinator JVM: its output and every worker pid it reported. */
    private record Run(List<String> stdout, String stderr, List<Long> workers) {
        static Run start(Path tmp, List<String> jvmFlags, Map<String, String> env, String... args) throws Exception {
            String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> !e.contains("logback")).collect(Collectors.joining(File.pathSeparator));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-cp", cp, StandaloneCoordinatorMain.class.getName()));
            cmd.addAll(List.of(args));
            Path out = tmp.resolve("coordinator.out");
            Path err = tmp.resolve("coordinator.err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                assertTrue(p.waitFor(150, TimeUnit.SECONDS), "coordinator finished");
            } finally {
                p.destroyForcibly();
            }
            List<String> stdout = Files.readAllLines(out, StandardCharsets.UTF_8);
            List<Long> workers = stdout.stream().filter(l -> l.startsWith("WORKERS "))
                    .flatMap(l -> Stream.of(l.substring(8).split(" "))).filter(s -> !s.isEmpty()).map(Long::parseLong).distinct()
                    .collect(Collectors.toList());
            Run run = new Run(stdout, Files.readString(err, StandardCharsets.UTF_8), workers);
            assertEquals(0, p.exitValue(), run::describe);
            assertFalse(workers.isEmpty(), run::describe);
            run.assertWorkersGone();
            return run;
        }

        List<String> stderrLines() {
            return List.of(stderr.split("\n", -1));
        }

        /** The workers were the coordinator's children: not ours, so no exit event reaches us; poll. */
        void assertWorkersGone() throws InterruptedException {
            List<Long> alive = Await.last(Duration.ofSeconds(5), this::running, List::isEmpty);
            assertEquals(List.of(), alive, "workers of the coordinator still running after it exited");
        }

        private List<Long> running() {
            return workers.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && !zombie(pid)).collect(Collectors.toList());
        }

        private static boolean zombie(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String state = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ")[0];
                return state.equals("Z") || state.equals("X");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        String describe() {
            String tail = stderr.length() > 4000 ? "..." + stderr.substring(stderr.length() - 4000) : stderr;
            return "stdout:\n" + String.join("\n", stdout) + "\nstderr (tail):\n" + tail;
        }
    }
}
