package io.procpool.it.soak;

import io.procpool.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The soak test's one task: what it does with a value depends on the operation's kind. */
public final class SoakTask implements Task<SoakTask.Op, Long> {
    /** What an element does. */
    public enum Kind {
        /** Returns value squared. */
        SQUARE,
        /** Throws {@link IllegalArgumentException}. */
        FAIL,
        /** Halts its worker (always: a poison element). */
        CRASH,
        /** Sleeps past any sensible task timeout. */
        HANG,
        /** Runs {@code sh -c 'echo $((v*v))'} and returns what it printed. */
        SHELL,
        /** Starts {@code sleep 300} in the background, notes its pid in {@code dir}, returns value squared. */
        SPAWN_DAEMON
    }

    /** One element: its kind, its value, and where SPAWN_DAEMON notes pids. */
    public record Op(Kind kind, long value, String dir) {}

    @Override
    public Long run(Op op) throws Exception {
        switch (op.kind()) {
            case SQUARE:
                return op.value() * op.value();
            case FAIL:
                throw new IllegalArgumentException("bad element " + op.value());
            case CRASH:
                Runtime.getRuntime().halt(9);
                return null;
            case HANG:
                Thread.sleep(60_000);
                return -1L;
            case SHELL:
                return shell(op.value());
            case SPAWN_DAEMON:
                Process p = new ProcessBuilder("sleep", "300").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Files.writeString(Path.of(op.dir(), "grandchildren"), p.pid() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return op.value() * op.value();
            default:
                throw new IllegalStateException("unknown kind " + op.kind());
        }
    }

    private static long shell(long v) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "echo $(( $1 * $1 ))", "sh", Long.toString(v))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("sh exited with " + p.exitValue() + ": " + out);
        }
        return Long.parseLong(out);
    }
}
