package io.procpool.internal.progress;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Renders one tqdm-style progress line from two counters, for example
 * <pre>{@code squares  37%|██████▋           | 3700/10000 [00:12<00:20, 308.4 it/s, 3 failed]}</pre>
 * or, when the total is unknown, {@code squares 3700 [00:12, 308.4 it/s]}. Pure apart from the
 * injected clock: the same clock readings and counters always give the same lines.
 *
 * <p>The rate is smoothed so that completions arriving in bursts (a batch of 1000 results every
 * second) do not make it jump: each time the count has grown, the rate since the previous growth
 * feeds an exponential moving average whose weight depends on the time between the two growths
 * ({@code 1 - exp(-dt / 3 s)}), so it does not matter how often the line is rendered. While nothing
 * arrives for more than twice the usual gap between growths, the shown rate decays toward zero,
 * so a stall is visible.
 *
 * <p>Not thread-safe: one owner ({@link ProgressPrinter}) renders under its lock.
 */
public final class ProgressBar {
    /** Pass as {@code total} when the number of items is not known in advance. */
    static final long UNKNOWN_TOTAL = -1;

    private static final double TAU_SECONDS = 3.0;
    private static final double OVERDUE = 2.0;
    private static final int MIN_BAR = 10;
    private static final String EIGHTHS = " ▏▎▍▌▋▊▉";

    private final String label;
    private final long total;
    private final int width;
    private final boolean ascii;
    private final LongSupplier clock;
    private final long startNanos;

    private long lastCount;
    private long lastGrowthNanos;
    private double rate = Double.NaN;
    private double growthSize;

    /**
     * @param label shown first; control characters are replaced by spaces; may be empty or null
     * @param total number of items, or {@link #UNKNOWN_TOTAL}
     * @param width columns the line may use (for an in-place line on a terminal, one less than its
     *     width: see {@link Terminal#lineWidth()})
     * @param ascii draw the bar with {@code #} and spaces instead of Unicode blocks
     * @param clock nanosecond clock, {@code System::nanoTime} outside tests; read now as the start
     * @throws IllegalArgumentException if {@code total < -1} or {@code width < 1}
     */
    ProgressBar(String label, long total, int width, boolean ascii, LongSupplier clock) {
        if (total < UNKNOWN_TOTAL) {
            throw new IllegalArgumentException("total must be -1 (unknown) or at least 0, was " + total);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, was " + width);
        }
        this.label = sanitize(label);
        this.total = total;
        this.width = width;
        this.ascii = ascii;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastGrowthNanos = startNanos;
    }

    LongSupplier clock() {
        return clock;
    }

    /**
     * Reads the clock, takes {@code done} into the smoothed rate and returns the line.
     *
     * @param done items finished so far, successfully or not
     * @param failed how many of {@code done} failed (shown only when positive)
     */
    String render(long done, long failed) {
        long now = clock.getAsLong();
        observe(now, done);
        double shown = shownRate(now);
        long elapsed = seconds(now - startNanos);
        String rateText = formatRate(shown);
        String failText = failed > 0 ? ", " + failed + " failed" : "";
        if (total == UNKNOWN_TOTAL) {
            return fit(done + " [" + formatInterval(elapsed) + ", " + rateText + failText + "]");
        }
        String eta;
        if (done >= total) {
            eta = formatInterval(0);
        } else if (shown > 0) {
            eta = formatInterval((long) ((total - done) / shown));
        } else {
            eta = "?";
        }
        String percent = String.format(Locale.ROOT, "%3d%%", scale(done, 100));
        String counts = done + "/" + total;
        String times = " [" + formatInterval(elapsed) + "<" + eta + ", " + rateText + failText + "]";
        String right = "| " + counts + times;
        int avail = width - percent.length() - 1 - right.length();
        String labelPart = label.isEmpty() ? "" : label + " ";
        if (avail - labelPart.length() < MIN_BAR) {
            int room = avail - MIN_BAR;
            labelPart = room >= 2 ? cutLabel(room - 1) + " " : "";
        }
        int bar = avail - labelPart.length();
        if (bar < 1) {
            return fit(percent.strip() + " " + counts + times);
        }
        return labelPart + percent + "|" + bar(done, bar) + right;
    }

    /**
     * The final line, with the average rate over the whole run:
     * {@code squares 10000/10000 done in 00:32 (312.5 it/s), 3 failed}; "stopped after" instead of
     * "done in" when fewer than {@code total} items finished. Not cut to the width: it is printed
     * once, with a newline, so wrapping does no harm and every number stays readable.
     */
    String summary(long done, long failed) {
        long nanos = clock.getAsLong() - startNanos;
        double average = nanos > 0 ? done / (nanos / 1e9) : Double.NaN;
        boolean complete = total == UNKNOWN_TOTAL || done >= total;
        String text = (total == UNKNOWN_TOTAL ? Long.toString(done) : done + "/" + total)
                + (complete ? " done in " : " stopped after ") + formatInterval(seconds(nanos))
                + " (" + formatRate(average) + ")" + (failed > 0 ? ", " + failed + " failed" : "");
        return label.isEmpty() ? text : label + " " + text;
    }

    /** The smoothed rate in items per second as of the last {@link #render}, NaN before the first growth. */
    double rate() {
        return rate;
    }

    private void observe(long now, long done) {
        long dn = done - lastCount;
        long dtNanos = now - lastGrowthNanos;
        if (dn <= 0 || dtNanos <= 0) {
            return; // no growth, or none measurable yet: fold it into the next growth
        }
        double dt = dtNanos / 1e9;
        double sample = dn / dt;
        if (Double.isNaN(rate)) {
            rate = sample;
            growthSize = dn;
        } else {
            double alpha = 1 - Math.exp(-dt / TAU_SECONDS);
            rate += alpha * (sample - rate);
            growthSize += alpha * (dn - growthSize);
        }
        lastCount = done;
        lastGrowthNanos = now;
    }

    /**
     * The smoothed rate, decayed once the next growth is overdue: the gap since the last growth is
     * more than {@link #OVERDUE} times the usual one. Below that, irregular but healthy bursts would
     * make the shown rate dip; above it, the rate cannot be more than that many usual growths over
     * the gap, and moves toward that bound as the gap grows, so a stall ends near zero.
     */
    private double shownRate(long now) {
        double gap = (now - lastGrowthNanos) / 1e9;
        if (Double.isNaN(rate) || gap <= 0) {
            return rate;
        }
        double bound = OVERDUE * growthSize / gap;
        if (bound >= rate) {
            return rate;
        }
        return rate + (1 - Math.exp(-gap / TAU_SECONDS)) * (bound - rate);
    }

    private String bar(long done, int cells) {
        StringBuilder b = new StringBuilder(cells);
        if (ascii) {
            long full = scale(done, cells);
            b.append("#".repeat((int) full));
        } else {
            long eighths = scale(done, cells * 8L);
            b.append("█".repeat((int) (eighths / 8)));
            if (eighths % 8 != 0) {
                b.append(EIGHTHS.charAt((int) (eighths % 8)));
            }
        }
        while (b.length() < cells) {
            b.append(' ');
        }
        return b.toString();
    }

    /** {@code floor(done / total * units)}, clamped to {@code [0, units]}. */
    private long scale(long done, long units) {
        if (done >= total) {
            return units;
        }
        if (done <= 0) {
            return 0;
        }
        if (done <= Long.MAX_VALUE / units) {
            return done * units / total;
        }
        return (long) ((double) done / total * units);
    }

    /** {@code label + " " + text} within the width: the label is cut first, then the text. */
    private String fit(String text) {
        int room = width - text.length() - 1;
        String line = label.isEmpty() || room < 1 ? text : cutLabel(room) + " " + text;
        return cut(line, width);
    }

    /** The label cut to at most {@code max} chars, ending in an ellipsis when there is room for one. */
    private String cutLabel(int max) {
        String marker = ascii ? "..." : "…";
        if (label.length() <= max || max <= marker.length()) {
            return cut(label, max);
        }
        return cut(label, max - marker.length()) + marker;
    }

    /** At most {@code max} chars, never splitting a surrogate pair. */
    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static long seconds(long nanos) {
        return Math.max(0, nanos) / 1_000_000_000L;
    }

    /** {@code MM:SS}, or {@code H:MM:SS} from one hour on, as tqdm does. */
    static String formatInterval(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%02d:%02d", m, s);
    }

    /**
     * {@code 308.4 it/s}; {@code 12.3k it/s} from 10,000/s; {@code 12.3M it/s} from 10,000,000/s;
     * {@code 2.50 s/it} below 1/s; {@code ? it/s} when unknown.
     */
    static String formatRate(double perSecond) {
        if (Double.isNaN(perSecond) || perSecond <= 0 || Double.isInfinite(perSecond)) {
            return "? it/s";
        }
        if (perSecond < 1) {
            return String.format(Locale.ROOT, "%.2f s/it", 1 / perSecond);
        }
        if (perSecond >= 10_000_000) {
            return String.format(Locale.ROOT, "%.1fM it/s", perSecond / 1_000_000);
        }
        if (perSecond >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk it/s", perSecond / 1_000);
        }
        return String.format(Locale.ROOT, "%.1f it/s", perSecond);
    }

    private static String sanitize(String label) {
        if (label == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().strip();
    }
}
