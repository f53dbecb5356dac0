package io.procpool.it.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.it.NoLeftoverWorkers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The progress bar as a user sees it: {@link ProgressMain} runs in its own JVM, once with stderr
 * on a pipe (CI, redirected output) and once under a pseudo-terminal made by util-linux
 * {@code script}.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(90)
class ProgressOutputTest {
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final String LABEL = ObsTasks.SlowSquare.class.getSimpleName();
    private static final String CLEAR = "\033[K";

    /** What a child wrote and how it ended. */
    private record Run(int exit, String stdout, String stderr) {}

    @Test
    void map_defaultProgressStderrIsAPipe_noBarDrawn() throws Exception {
        Run run = run(javaCommand());

        assertEquals(0, run.exit(), run.toString());
        assertEquals(expectedStdout(), run.stdout(), "stdout");
        assertFalse(run.stderr().contains("\r"), "carriage return on piped stderr: " + run.stderr());
        assertFalse(run.stderr().contains("it/s"), "bar on piped stderr: " + run.stderr());
    }

    @Test
    void map_progressPropertyOnStderrIsAPipe_barDrawnWithFinalLine() throws Exception {
        List<String> cmd = javaCommand();
        cmd.add(1, "-Dprocpool.progress=on");
        Run run = run(cmd);

        assertEquals(0, run.exit(), run.toString());
        assertEquals(expectedStdout(), run.stdout(), "stdout is untouched when it is not the terminal");
        String err = run.stderr();
        assertTrue(err.contains("\r" + LABEL + " "), "bar redrawn in place: " + err);
        assertTrue(err.contains("it/s"), "rate: " + err);
        assertTrue(err.contains(LABEL + " 50/50 done in "), "final line: " + err);
        assertTrue(err.endsWith(CLEAR + "\n"), "final line ends the output with a newline: " + err);
    }

    @Test
    void map_defaultProgressUnderPseudoTerminal_barDrawnAndResultLinesNotGluedToIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script not installed");
        String command = String.join(" ", javaCommand().stream().map(ProgressOutputTest::shellQuote).toList());
        Run run = run(List.of(SCRIPT.toString(), "-qec", command, "/dev/null"));

        // script copies the terminal's output (stdout and stderr of the child) to its stdout;
        // the terminal turns each "\n" into "\r\n".
        String tty = run.stdout();
        assertEquals(0, run.exit(), run.toString());
        assertTrue(tty.contains("\r" + LABEL + " "), "bar drawn in place: " + printable(tty));
        assertTrue(tty.contains(LABEL + " 50/50 done in "), "final line: " + printable(tty));
        assertTrue(tty.contains("it/s"), "rate: " + printable(tty));
        for (int x = 0; x < ProgressMain.COUNT; x++) {
            String line = "result " + x * x + "\r\n";
            int at = tty.indexOf(line);
            assertTrue(at > 0, "missing " + line.strip() + ": " + printable(tty));
            assertTrue(tty.charAt(at - 1) == '\n' || tty.startsWith("\r" + CLEAR, at - 4),
                    "'" + line.strip() + "' glued to what came before it: "
                            + printable(tty.substring(Math.max(0, at - 120), at + line.length())));
        }
        assertTrue(tty.endsWith("main done\r\n"), "main's last line comes after the bar: " + printable(tty));
    }

    private static String expectedStdout() {
        StringBuilder sb = new StringBuilder();
        IntStream.range(0, ProgressMain.COUNT).forEach(x -> sb.append("result ").append(x * x).append('\n'));
        return sb.append("main done\n").toString();
    }

    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProgressMain.class.getName());
        return cmd;
    }

    /** Starts {@code cmd} with stdout and stderr on pipes and stdin empty; waits for it to end. */
    private static Run run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null")));
        pb.environment().put("TERM", "xterm");
        pb.environment().put("COLUMNS", "100");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = readAll(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("child did not finish in 60 s: " + cmd + "\nstdout: " + out);
        }
        return new Run(p.exitValue(), out, err.get(30, TimeUnit.SECONDS));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Shows control characters, so a failure message reveals the terminal bytes. */
    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n\n").replace("\033", "\\e");
    }
}
