package io.procpool.it.observability;

import io.procpool.Task;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Task classes for the observability tests. Workers load them by name from the test classpath,
 * so each is a public static nested class with a public no-arg constructor.
 */
public final class ObsTasks {
    /** System property (set with {@code jvmArgs}) naming the directory where {@link Chaos} leaves markers. */
    public static final String MARKERS = "procpool.it.markers";
    /** Exit status of a worker halted by {@link Chaos}. */
    public static final int CRASH_EXIT = 3;
    /** Inputs that halt their worker the first time they run and succeed when retried. */
    public static final Set<Integer> CRASH_ONCE = Set.of(50, 150, 250);
    /** The input that halts its worker every time it runs. */
    public static final int POISON = 100;

    private ObsTasks() {}

    /** Whether {@link Chaos} throws {@link ChaosException} on {@code x}. */
    public static boolean throwsOn(int x) {
        return x % 25 == 3;
    }

    /** What {@link Chaos} returns for inputs it accepts. */
    public static int chaosResult(int x) {
        return x * 2;
    }

    /** The exception {@link Chaos} throws. */
    public static final class ChaosException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ChaosException(String message) {
            super(message);
        }
    }

    /**
     * {@code 2x}, except: throws on {@link #throwsOn} inputs; halts its worker with
     * {@link #CRASH_EXIT} on {@link #POISON} always and on {@link #CRASH_ONCE} inputs the first
     * time. Before each halt it creates a file named {@code crash-*} in the {@link #MARKERS}
     * directory, so the test can count the crashes it caused.
     */
    public static final class Chaos implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) throws IOException {
            Path dir = Path.of(System.getProperty(MARKERS));
            if (x == POISON) {
                Files.createTempFile(dir, "crash-poison-", "");
                Runtime.getRuntime().halt(CRASH_EXIT);
            }
            if (CRASH_ONCE.contains(x)) {
                try {
                    Files.createFile(dir.resolve("crash-once-" + x));
                    Runtime.getRuntime().halt(CRASH_EXIT);
                } catch (FileAlreadyExistsException e) {
                    // crashed here before: this is the retry, which succeeds
                }
            }
            if (throwsOn(x)) {
                throw new ChaosException("refusing " + x);
            }
            return chaosResult(x);
        }
    }

    /** Blocks for a minute: longer than any task timeout the tests set. */
    public static final class Hang implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            LockSupport.parkNanos(TimeUnit.MINUTES.toNanos(1));
            return x;
        }
    }

    /** x + 1. */
    public static final class Increment implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            return x + 1;
        }
    }

    /** Prints {@code "<marker> out"} on System.out and {@code "<marker> err"} on System.err; returns its pid. */
    public static final class Announce implements Task<String, Long> {
        @Override
        public Long run(String marker) {
            System.out.println(marker + " out");
            System.err.println(marker + " err");
            return ProcessHandle.current().pid();
        }
    }

    /** x squared after 5 ms of work, so a 50-element map lasts long enough for the bar to redraw. */
    public static final class SlowSquare implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            return x * x;
        }
    }
}
