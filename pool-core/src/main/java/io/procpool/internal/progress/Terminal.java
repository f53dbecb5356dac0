package io.procpool.internal.progress;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Whether to draw a progress bar on stderr, and how wide. {@link System#console()} does not answer
 * the question (it looks at stdin and stdout, not stderr), so on Linux this resolves
 * {@code /proc/self/fd/2}: a terminal is {@code /dev/pts/*} or {@code /dev/tty*}. Where
 * {@code /proc} cannot be read (macOS, Windows) it falls back to {@code System.console() != null}.
 * No subprocess is started ({@code stty} is not an option inside a library), so the width comes
 * from the {@code COLUMNS} environment variable when it is exported, else 80.
 *
 * <p>Precedence, highest first: the system property {@value #PROPERTY} set to {@code on} or
 * {@code off} (an operator's override, e.g. {@code -Dprocpool.progress=off} in CI); the builder's
 * setting when {@code ON} or {@code OFF}; otherwise {@code AUTO}: draw when stderr is a terminal
 * and {@code TERM} is not {@code dumb}.
 */
public final class Terminal {
    /** System property that overrides the builder's setting: {@code on}, {@code off} or {@code auto}. */
    static final String PROPERTY = "procpool.progress";
    static final int DEFAULT_COLUMNS = 80;

    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    /** Whether to draw the bar. */
    enum Mode {
        ON, OFF, AUTO;

        /**
         * @param value {@code on}, {@code off} or {@code auto}, any case; null means {@code AUTO}
         * @param source what the value came from, for the message
         * @throws IllegalArgumentException on any other value
         */
        static Mode parse(String value, String source) {
            if (value == null) {
                return AUTO;
            }
            switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "on":
                    return ON;
                case "off":
                    return OFF;
                case "auto":
                    return AUTO;
                default:
                    throw new IllegalArgumentException(
                            source + " must be on, off or auto, was '" + value + "'");
            }
        }
    }

    /** Reads a symbolic link; {@code Files::readSymbolicLink} outside tests. */
    @FunctionalInterface
    interface LinkReader {
        Path read(Path link) throws IOException;
    }

    private Terminal() {}

    /**
     * Decides from the real environment: the system property, {@code TERM}, and stderr's device.
     *
     * @param builder the pool builder's setting
     * @throws IllegalArgumentException if the system property has a value other than on/off/auto
     */
    static boolean progressEnabled(Mode builder) {
        return progressEnabled(builder, System.getProperty(PROPERTY), System.getenv("TERM"),
                Terminal::stderrIsTerminal);
    }

    /**
     * The decision with every input given; {@code stderrIsTerminal} is asked only in auto mode.
     *
     * @throws IllegalArgumentException if {@code property} is not null, on, off or auto
     */
    static boolean progressEnabled(Mode builder, String property, String term, BooleanSupplier stderrIsTerminal) {
        Mode override = Mode.parse(property, "system property " + PROPERTY);
        Mode mode = override != Mode.AUTO ? override : builder;
        switch (mode) {
            case ON:
                return true;
            case OFF:
                return false;
            default:
                return !"dumb".equals(term) && stderrIsTerminal.getAsBoolean();
        }
    }

    /** Whether fd 2 of this process is a terminal (best effort, see the class comment). */
    static boolean stderrIsTerminal() {
        return stderrIsTerminal(Files::readSymbolicLink, () -> System.console() != null);
    }

    /**
     * @param links reads {@code /proc/self/fd/2}
     * @param fallback asked when the link cannot be read
     */
    static boolean stderrIsTerminal(LinkReader links, BooleanSupplier fallback) {
        Path target;
        try {
            target = links.read(STDERR_LINK);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fallback.getAsBoolean();
        }
        return isTerminalDevice(target);
    }

    /** {@code /dev/pts/N} or {@code /dev/tty*}; pipes ({@code pipe:[123]}), files and sockets are not. */
    /**
     * Whether stdout is the same terminal device as stderr, so that stdout lines can be printed
     * above the bar (through stderr) without changing where they end up.
     */
    static boolean stdoutSharesTerminal(LinkReader links) {
        try {
            Path out = links.read(Path.of("/proc/self/fd/1"));
            return isTerminalDevice(out) && out.equals(links.read(STDERR_LINK));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    static boolean isTerminalDevice(Path target) {
        String s = target.toString();
        return (s.startsWith("/dev/pts/") && s.length() > "/dev/pts/".length()) || s.startsWith("/dev/tty");
    }

    /** Columns of the terminal: {@code COLUMNS} when exported and valid, else 80. */
    static int columns() {
        return columns(System.getenv("COLUMNS"));
    }

    /** {@code columnsEnv} when it is a whole number from 1 to 10,000, else 80. */
    static int columns(String columnsEnv) {
        if (columnsEnv != null) {
            try {
                int n = Integer.parseInt(columnsEnv.strip());
                if (n >= 1 && n <= 10_000) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a number: use the default
            }
        }
        return DEFAULT_COLUMNS;
    }

    /**
     * The width to give {@link ProgressBar}: one less than the terminal, because a line that fills
     * the last column leaves the cursor waiting to wrap, and the erase-to-end-of-line that follows
     * it would then erase the last character.
     */
    static int lineWidth() {
        return lineWidth(columns());
    }

    static int lineWidth(int columns) {
        return Math.max(1, columns - 1);
    }

    /** Whether stderr's encoding can show the bar's block characters, else use the ASCII bar. */
    static boolean unicode() {
        String name = System.getProperty("sun.stderr.encoding");
        Charset charset;
        try {
            charset = name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return false;
        }
        return unicode(charset);
    }

    static boolean unicode(Charset charset) {
        return charset.canEncode() && charset.newEncoder().canEncode("█▏▎▍▌▋▊▉…");
    }
}
