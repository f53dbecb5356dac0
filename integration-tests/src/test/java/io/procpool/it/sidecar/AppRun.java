package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.procpool.it.Await;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an application JVM to its end and checks what it printed: its output lines, and that the
 * workers it named on its {@code workers:} line are gone afterwards.
 */
final class AppRun {
    final int exitCode;
    final String stdout;
    final String stderr;

    private AppRun(int exitCode, String stdout, String stderr) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A jar the reactor built before this module, named by a surefire system property. */
    static Path builtJar(String property) {
        String p = System.getProperty(property);
        assertTrue(p != null && Files.isRegularFile(Path.of(p)), () -> "system property " + property + " should name a"
                + " jar built by the reactor (run with -pl integration-tests -am), was " + p);
        return Path.of(p);
    }

    /** Runs {@code command} with a bounded wait; kills it and fails when it does not end in time. */
    static AppRun run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            fail("application did not end within " + timeoutSeconds + " s: " + command + "\nstderr:\n" + err.join());
        }
        return new AppRun(p.exitValue(), out.join(), err.join());
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    /** The rest of the line starting with {@code prefix}; fails showing all output when there is none. */
    String line(String prefix) {
        for (String l : stdout.split("\\R")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length()).trim();
            }
        }
        return fail("no line starting with '" + prefix + "'; exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n"
                + stderr);
    }

    void assertExitedNormally() {
        assertEquals(0, exitCode, () -> "exit code; stdout:\n" + stdout + "\nstderr:\n" + stderr);
    }

    /** The app printed its worker pids; none of them may outlive it (bounded wait for the reaping). */
    void assertWorkersGone() throws InterruptedException {
        List<Long> pids = new ArrayList<>();
        for (String s : line("workers:").split(" ")) {
            if (!s.isEmpty()) {
                pids.add(Long.parseLong(s));
            }
        }
        assertTrue(!pids.isEmpty(), "the app should have named its workers");
        // The workers are not our children: polling is the only way to watch them.
        List<Long> alive = Await.last(Duration.ofSeconds(5), () -> pids.stream()
                .filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList(), List::isEmpty);
        alive.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        assertTrue(alive.isEmpty(), "workers " + alive + " outlived their application");
    }
}
