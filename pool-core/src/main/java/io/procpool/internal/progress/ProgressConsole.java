package io.procpool.internal.progress;

import io.procpool.Progress;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The JVM's one progress bar. While a bar is shown, {@code System.err} is replaced by a stream
 * that hands each complete line to {@link ProgressPrinter#printAbove}, so log lines (worker
 * output included) and the user's own prints appear above the bar instead of tearing it. The
 * original stream is restored when the bar finishes. When stdout is the same terminal, its lines
 * are routed the same way (tqdm leaves that to the user; here {@code System.out.println} in a
 * {@code forEach} just works). If a bar is already showing, another
 * {@code map} call runs without one.
 */
public final class ProgressConsole {
    private static ProgressPrinter active;
    private static PrintStream original;
    private static PrintStream originalOut;

    private ProgressConsole() {}

    /** Starts a bar for one map call, or returns {@code null} when none should be shown. */
    public static synchronized ProgressPrinter open(Progress.Mode poolMode, Progress call, String defaultLabel, long knownSize,
            ScheduledExecutorService timer) {
        Progress.Mode mode = call.mode() == Progress.Mode.AUTO ? poolMode : call.mode();
        if (active != null || !Terminal.progressEnabled(Terminal.Mode.valueOf(mode.name()))) {
            return null;
        }
        long total = call.total() >= 0 ? call.total() : knownSize;
        String label = call.label() != null ? call.label() : defaultLabel;
        original = System.err;
        ProgressPrinter p = new ProgressPrinter(new ProgressBar(label, total < 0 ? ProgressBar.UNKNOWN_TOTAL : total,
                Terminal.lineWidth(), !Terminal.unicode(), System::nanoTime), original);
        active = p;
        System.setErr(new PrintStream(new LineRouter(p), true, StandardCharsets.UTF_8));
        if (Terminal.stdoutSharesTerminal(java.nio.file.Files::readSymbolicLink)) {
            originalOut = System.out;
            originalOut.flush();
            System.setOut(new PrintStream(new LineRouter(p), true, StandardCharsets.UTF_8));
        }
        p.start(timer);
        return p;
    }

    /** Prints the final line and gives stderr back. Idempotent. */
    public static synchronized void close(ProgressPrinter p) {
        if (p == null || active != p) {
            return;
        }
        System.err.flush();
        if (originalOut != null) {
            System.out.flush();
            System.setOut(originalOut);
            originalOut = null;
        }
        p.finish();
        System.setErr(original);
        active = null;
        original = null;
    }

    /** Collects bytes into lines and prints each line above the bar. */
    private static final class LineRouter extends OutputStream {
        private final ProgressPrinter printer;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        LineRouter(ProgressPrinter printer) {
            this.printer = printer;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                printer.printAbove(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else if (b != '\r') {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                printer.printAbove(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }
}
