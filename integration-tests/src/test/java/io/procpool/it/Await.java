package io.procpool.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one wait-until helper of the integration tests, for states that have no event to wait on
 * (thread states, pool statistics, processes that are not our children, files of other JVMs):
 * polls every few milliseconds until the condition holds or the timeout passes, then fails naming
 * what it waited for and the last value seen.
 */
public final class Await {
    private static final long POLL_MILLIS = 5;

    private Await() {}

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        value(what, timeout, condition::getAsBoolean, ok -> ok);
    }

    /**
     * Polls {@code get} until {@code done} accepts its value, and returns that value; fails with
     * {@code what} and the last value after {@code timeout}.
     */
    public static <T> T value(String what, Duration timeout, Supplier<T> get, Predicate<? super T> done)
            throws InterruptedException {
        T v = last(timeout, get, done);
        if (!done.test(v)) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last: " + v);
        }
        return v;
    }

    /**
     * Polls {@code get} until {@code done} accepts its value or {@code timeout} passes, and returns
     * the last value either way (for callers that assert on it themselves).
     */
    public static <T> T last(Duration timeout, Supplier<T> get, Predicate<? super T> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = get.get();
            if (done.test(v) || System.nanoTime() - deadline > 0) {
                return v;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
