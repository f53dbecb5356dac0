package io.procpool.internal.progress;

import java.io.PrintStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Owns one output stream (normally {@code System.err}) and keeps a {@link ProgressBar} drawn on its
 * last line: {@code \r}, the line, then ESC[K to erase what a longer previous line left behind.
 *
 * <p>Threading: {@link #succeeded} and {@link #failed} are called from any thread (reader threads)
 * and only add to a {@link LongAdder}. Drawing happens only in {@link #tick}, {@link #printAbove} and
 * {@link #finish}, which serialise on this object. {@link #tick} is the refresh trigger: call it from
 * a scheduler ({@link #start}) or any thread; it redraws at most once per {@link #MIN_REDRAW_NANOS}
 * of the bar's clock however often it is called, and skips the write when the line did not change.
 */
public final class ProgressPrinter {
    /** Minimum time between two redraws by {@link #tick}: 100 ms. */
    static final long MIN_REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    static final String CLEAR_TO_END = "\033[K";

    private final ProgressBar bar;
    private final PrintStream out;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();

    private boolean drawn;
    private boolean finished;
    private long lastDrawNanos;
    private String lastLine;
    private ScheduledFuture<?> refresh;

    /**
     * @param bar renders the line; its clock also paces the redraws
     * @param out where the bar goes; this printer assumes nothing else writes to it except through
     *     {@link #printAbove}
     */
    ProgressPrinter(ProgressBar bar, PrintStream out) {
        this.bar = bar;
        this.out = out;
    }

    /** Counts {@code n} items that finished successfully. Cheap, lock-free, any thread. */
    public void succeeded(long n) {
        succeeded.add(n);
    }

    /** Counts {@code n} items that finished with a failure. Cheap, lock-free, any thread. */
    public void failed(long n) {
        failed.add(n);
    }

    /**
     * Calls {@link #tick} every 100 ms on {@code scheduler}, starting now, until {@link #finish}.
     * The scheduler stays the caller's to shut down.
     */
    synchronized ScheduledFuture<?> start(ScheduledExecutorService scheduler) {
        if (refresh != null) {
            throw new IllegalStateException("progress refresh already started");
        }
        refresh = scheduler.scheduleAtFixedRate(this::tick, 0, MIN_REDRAW_NANOS, TimeUnit.NANOSECONDS);
        return refresh;
    }

    /**
     * Redraws the bar if at least 100 ms (bar clock) passed since the last redraw, the line changed,
     * and {@link #finish} was not called. The first tick always draws.
     */
    synchronized void tick() {
        if (finished) {
            return;
        }
        long now = bar.clock().getAsLong();
        if (drawn && now - lastDrawNanos < MIN_REDRAW_NANOS) {
            return;
        }
        long f = failed.sum();
        String line = bar.render(succeeded.sum() + f, f);
        lastDrawNanos = now;
        if (drawn && line.equals(lastLine)) {
            return;
        }
        lastLine = line;
        drawn = true;
        out.print("\r" + line + CLEAR_TO_END);
        out.flush();
    }

    /**
     * Prints {@code line} and a newline above the bar: erases the bar, prints the line, and draws
     * the last bar line again below it, in one write. Before the first draw and after
     * {@link #finish} it just prints the line.
     *
     * @param line one log line without its line terminator
     */
    synchronized void printAbove(String line) {
        if (!drawn || finished) {
            out.print(line + "\n");
        } else {
            out.print("\r" + CLEAR_TO_END + line + "\n" + "\r" + lastLine + CLEAR_TO_END);
        }
        out.flush();
    }

    /**
     * Replaces the bar with the summary line and a newline, and stops the refresh started by
     * {@link #start}. Only the first call prints; later {@link #tick} calls do nothing.
     */
    synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (refresh != null) {
            refresh.cancel(false);
        }
        long f = failed.sum();
        out.print("\r" + bar.summary(succeeded.sum() + f, f) + CLEAR_TO_END + "\n");
        out.flush();
    }
}
