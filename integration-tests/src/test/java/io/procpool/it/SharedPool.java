package io.procpool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.procpool.Task;
import io.procpool.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * One pool shared by all tests of a class. {@link NoLeftoverWorkers} cannot run after each of
 * their tests (the shared workers are alive on purpose), so after each test this checks that the
 * only child processes are the pool's original workers (none died, none leaked), then runs the
 * class's own checks ({@link #afterEach}); after the last test, that closing the pool leaves no
 * child process. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedPool SHARED = new SharedPool(() -> WorkerPool.open(2))
 *         .afterEach(SharedPool.stillMaps(Square.class, List.of(2, 3), List.of(4L, 9L)));
 * }</pre>
 *
 * <p>Extension callbacks are not covered by JUnit's timeouts, which bounded these steps when they
 * were lifecycle methods; so each step here is bounded by the same configured lifecycle-method
 * timeout ({@code junit.jupiter.execution.timeout.*}), interrupting the thread when it passes, as
 * JUnit's default same-thread mode does. The class's own {@code @BeforeAll} methods run after the
 * pool is open, its {@code @AfterEach} methods before the checks here.
 */
public final class SharedPool implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final String TIMEOUT = "junit.jupiter.execution.timeout.";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|μs|ms|s|m|h|d)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final Supplier<WorkerPool> opener;
    private final List<ThrowingConsumer<WorkerPool>> checks = new ArrayList<>();
    private WorkerPool pool;
    private List<Long> originalPids;

    /** {@code opener} opens the pool before the class's first test. */
    public SharedPool(Supplier<WorkerPool> opener) {
        this.opener = opener;
    }

    /** Adds a check run after each test, after the check that the original workers are the only children. */
    public SharedPool afterEach(ThrowingConsumer<WorkerPool> check) {
        checks.add(check);
        return this;
    }

    /** An after-each check: the pool still maps {@code input} with {@code task} to {@code expected}. */
    public static <P, R> ThrowingConsumer<WorkerPool> stillMaps(Class<? extends Task<P, R>> task, List<P> input,
            List<R> expected) {
        return pool -> assertEquals(expected, pool.map(task, input).collect(Collectors.toList()));
    }

    /** The shared pool (open from before the class's {@code @BeforeAll} methods until after its last test). */
    public WorkerPool pool() {
        if (pool == null) {
            throw new IllegalStateException("the shared pool is not open (is the SharedPool field static?)");
        }
        return pool;
    }

    /** The pool's workers right after it opened. */
    public List<Long> originalPids() {
        pool();
        return originalPids;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bounded(context, "beforeall", () -> {
            pool = opener.get();
            originalPids = pool.workerPids();
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        bounded(context, "aftereach", () -> {
            assertOnlyOriginalWorkers();
            for (ThrowingConsumer<WorkerPool> check : checks) {
                check.accept(pool());
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        bounded(context, "afterall", this::closeAndAssertNoDescendants);
    }

    /** The workers are still the ones the pool started with, and they are the only children. */
    private void assertOnlyOriginalWorkers() {
        Set<Long> children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(originalPids()), new TreeSet<>(pool().workerPids()),
                "workers were replaced during the test (one died?)");
        assertEquals(new TreeSet<>(originalPids), children, "child processes besides the pool's workers");
    }

    /** Closes the pool (if it was opened) and fails if any child process survives it. */
    private void closeAndAssertNoDescendants() throws InterruptedException {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        List<ProcessHandle> left = NoLeftoverWorkers.awaitNoDescendants(5_000);
        left.forEach(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.toList()), "child processes left after the shared pool was closed");
    }

    /**
     * Runs {@code step} under the timeout JUnit would give a lifecycle method of this {@code kind}
     * ({@code beforeall}, {@code aftereach}, {@code afterall}): interrupts it when the timeout
     * passes and then fails, naming the timeout, when it returns.
     */
    private static void bounded(ExtensionContext context, String kind, Executable step) throws Exception {
        Optional<Duration> limit = timeout(context, kind);
        if (limit.isEmpty()) {
            run(step);
            return;
        }
        Thread caller = Thread.currentThread();
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shared-pool-timeout");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> interrupt = timer.schedule(() -> {
            fired.set(true);
            caller.interrupt();
        }, limit.get().toNanos(), TimeUnit.NANOSECONDS);
        Throwable failure = null;
        try {
            step.execute();
        } catch (Throwable t) {
            failure = t;
        } finally {
            interrupt.cancel(false);
            timer.shutdownNow();
        }
        if (fired.get()) {
            Thread.interrupted(); // clear the interrupt meant for the step
            AssertionError timedOut = new AssertionError("SharedPool " + kind + " timed out after " + limit.get());
            if (failure != null) {
                timedOut.addSuppressed(failure);
            }
            throw timedOut;
        }
        if (failure != null) {
            rethrow(failure);
        }
    }

    private static void run(Executable step) throws Exception {
        try {
            step.execute();
        } catch (Throwable t) {
            rethrow(t);
        }
    }

    /** Callbacks may throw only exceptions and errors; a bare {@code Throwable} is wrapped. */
    private static void rethrow(Throwable t) throws Exception {
        if (t instanceof Exception) {
            throw (Exception) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new AssertionError(t);
    }

    /** The configured timeout for a lifecycle method of this kind, as JUnit looks it up; empty if none or disabled. */
    private static Optional<Duration> timeout(ExtensionContext context, String kind) {
        if (context.getConfigurationParameter(TIMEOUT + "mode").map(m -> m.trim().equalsIgnoreCase("disabled"))
                .orElse(false)) {
            return Optional.empty();
        }
        Optional<String> value = context.getConfigurationParameter(TIMEOUT + kind + ".method.default")
                .or(() -> context.getConfigurationParameter(TIMEOUT + "lifecycle.method.default"))
                .or(() -> context.getConfigurationParameter(TIMEOUT + "default"));
        return value.map(SharedPool::parse);
    }

    private static Duration parse(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("unreadable timeout '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        switch (unit) {
            case "ns": return Duration.ofNanos(n);
            case "μs": return Duration.ofNanos(n * 1_000);
            case "ms": return Duration.ofMillis(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            case "d": return Duration.ofDays(n);
            default: return Duration.ofSeconds(n);
        }
    }
}
