package io.procpool;

/**
 * How a {@code map} call shows progress on stderr, like {@code tqdm}: count/total, percent, bar,
 * elapsed time, ETA and rate, redrawn in place, then one final line with totals, failures and
 * elapsed time. Immutable; pass it to {@link WorkerPool#map(Class, java.util.stream.Stream, Progress)}
 * and friends, or set a pool-wide mode with {@link WorkerPool.Builder#progress(Mode)}.
 *
 * <pre>{@code
 * pool.map(Sum.class, generator, Progress.auto().total(MAX_COUNT).label("sums"))
 * }</pre>
 */
public final class Progress {
    /** When a bar is drawn. */
    public enum Mode {
        /** Only when stderr is a terminal (never in CI logs or redirected output). The default. */
        AUTO,
        /** Always (useful under tools that capture a terminal). */
        ON,
        /** Never. */
        OFF
    }

    private static final Progress AUTO = new Progress(Mode.AUTO, -1, null);

    private final Mode mode;
    private final long total;
    private final String label;

    private Progress(Mode mode, long total, String label) {
        this.mode = mode;
        this.total = total;
        this.label = label;
    }

    /** A bar only when stderr is a terminal; the total comes from a sized input. */
    public static Progress auto() {
        return AUTO;
    }

    /** A bar even when stderr is not a terminal. */
    public static Progress on() {
        return new Progress(Mode.ON, -1, null);
    }

    /** No bar. */
    public static Progress off() {
        return new Progress(Mode.OFF, -1, null);
    }

    /**
     * The number of elements the input will yield, for inputs whose size is not known (a
     * generator). Without it, and without a sized input, the bar shows count and rate only.
     *
     * @throws IllegalArgumentException when {@code total} is negative
     */
    public Progress total(long total) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, was " + total);
        }
        return new Progress(mode, total, label);
    }

    /** Text in front of the bar. Default: the task class's simple name. */
    public Progress label(String label) {
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        return new Progress(mode, total, label);
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** The explicit total, or -1. */
    public long total() {
        return total;
    }

    /** The explicit label, or {@code null}. */
    public String label() {
        return label;
    }
}
