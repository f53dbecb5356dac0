package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.Task;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tasks that kill their own worker in every way a JVM can die: the element that does it fails
 * alone with the facts of the death, every other element of the same {@code map} is unaffected,
 * and the pool keeps serving.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class WorkerCrashTest {
    private static final int ELEMENTS = 200;
    private static final int POISON = 57;
    private static final String LAST_WORDS = "about to die:";

    /** How a {@link Crasher} ends its JVM. */
    public enum CrashKind {
        EXIT(3, null),
        HALT(5, null),
        SIGKILL(137, "SIGKILL"),
        /** -XX:+ExitOnOutOfMemoryError, which every worker gets, exits with code 3. */
        OUT_OF_MEMORY(3, null),
        /**
         * SIGSEGV inside the JVM. The JVM prints its crash banner to fd 1 whatever
         * -XX:+DisplayVMOutputToStderr says; the banner reaches the message (stderr tail, or stray
         * bytes if it hit the channel), but the exit status depends on whether the JVM's abort or
         * a kill by the coordinator lands first, so it is not checked for this kind.
         */
        NATIVE(-1, null);

        final int exitCode;
        final String signal;

        CrashKind(int exitCode, String signal) {
            this.exitCode = exitCode;
            this.signal = signal;
        }
    }

    /**
     * One element: {@code crash} null runs normally; otherwise the worker dies, every time, or only
     * the first time when {@code onceMarker} names a file that does not exist yet.
     */
    public record Shot(int value, CrashKind crash, String onceMarker) {
        static Shot plain(int value) {
            return new Shot(value, null, null);
        }
    }

    /** Returns twice the value, unless told to crash; says so on stderr just before dying. */
    public static final class Crasher implements Task<Shot, Integer> {
        @Override
        public Integer run(Shot s) throws Exception {
            if (s.crash() != null && (s.onceMarker() == null || firstTime(Path.of(s.onceMarker())))) {
                System.err.println(LAST_WORDS + " input " + s.value() + " by " + s.crash() + " in pid "
                        + ProcessHandle.current().pid());
                die(s.crash());
            }
            return s.value() * 2;
        }

        private static boolean firstTime(Path marker) throws IOException {
            try {
                Files.createFile(marker);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }

        static void die(CrashKind kind) throws Exception {
            switch (kind) {
                case EXIT -> System.exit(3);
                case HALT -> Runtime.getRuntime().halt(5);
                case SIGKILL -> {
                    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                    Thread.sleep(30_000);
                }
                case OUT_OF_MEMORY -> {
                    List<long[]> hog = new ArrayList<>();
                    while (true) {
                        hog.add(new long[1 << 20]);
                    }
                }
                case NATIVE -> {
                    Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                    f.setAccessible(true);
                    Object unsafe = f.get(null);
                    unsafe.getClass().getMethod("putAddress", long.class, long.class).invoke(unsafe, 0L, 0L);
                }
                default -> throw new IllegalArgumentException(kind.toString());
            }
            throw new IllegalStateException("still alive after " + kind);
        }
    }

    private static WorkerPool.Builder pool(Path tmp) {
        // -Xmx64m lets OUT_OF_MEMORY hit the limit fast; hs_err files of NATIVE go to the temp dir.
        return WorkerPool.builder().workers(2).jvmArgs("-Xmx64m", "-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"),
                "-XX:-CreateCoredumpOnCrash");
    }

    @ParameterizedTest
    @EnumSource(CrashKind.class)
    void map_poisonElementKillsWorkerEveryTime_failsAloneWithCrashFactsAndOthersSucceed(CrashKind kind,
            @TempDir Path tmp) {
        try (WorkerPool pool = pool(tmp).maxRetries(1).open()) {
            List<Shot> shots = IntStream.range(0, ELEMENTS)
                    .mapToObj(i -> i == POISON ? new Shot(i, kind, null) : Shot.plain(i)).collect(Collectors.toList());

            List<Outcome<Integer>> out = Outcome.drain(pool.map(Crasher.class, shots));

            assertEquals(ELEMENTS, out.size(), "one outcome per input element");
            for (int i = 0; i < ELEMENTS; i++) {
                if (i != POISON) {
                    assertNull(out.get(i).error(), "input #" + i);
                    assertEquals(2 * i, out.get(i).value(), "input #" + i);
                }
            }
            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class, out.get(POISON).error());
            assertEquals(POISON, e.index());
            assertEquals(2, e.attempts(), "maxRetries(1) allows two runs");
            if (kind != CrashKind.NATIVE) {
                assertEquals(kind.exitCode, e.exitCode(), e.getMessage());
                assertEquals(kind.signal, e.signal(), e.getMessage());
                assertTrue(e.getMessage().contains("exit code " + kind.exitCode), e.getMessage());
            }
            assertNotEquals(ProcessHandle.current().pid(), e.pid());
            assertFalse(ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false), "dead worker reaped");
            String lastWords = LAST_WORDS + " input " + POISON + " by " + kind + " in pid " + e.pid();
            assertTrue(e.stderrTail().contains(lastWords), "stderr tail " + e.stderrTail());
            if (kind == CrashKind.NATIVE) {
                // The banner's first bytes, caught on the channel, are the user's only hint.
                assertTrue(e.getMessage().contains("A fatal erro") || e.getMessage().contains("SIGSEGV"),
                        e.getMessage());
            }
            if (kind == CrashKind.OUT_OF_MEMORY) {
                assertTrue(e.stderrTail().stream().anyMatch(l -> l.contains("OutOfMemoryError")), e.getMessage());
            }
            assertTrue(e.getMessage().contains("input #" + POISON), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + e.pid()), e.getMessage());

            List<Integer> again = pool.map(Crasher.class, IntStream.range(0, 20).mapToObj(Shot::plain))
                    .collect(Collectors.toList());
            assertEquals(IntStream.range(0, 20).map(i -> 2 * i).boxed().collect(Collectors.toList()), again);
        }
    }

    @Test
    void submit_nativeCrash_reportsTheWorkersOwnExitNotTheCoordinatorsKill(@TempDir Path tmp) {
        try (WorkerPool pool = pool(tmp).maxRetries(0).open()) {
            CompletableFuture<Integer> f = pool.submit(Crasher.class, new Shot(1, CrashKind.NATIVE, null));

            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class,
                    assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS)).getCause());
            // With -XX:-CreateCoredumpOnCrash the crashed JVM exits with code 1 (134, SIGABRT, with core dumps).
            assertNotEquals(137, e.exitCode(), e.getMessage());
            assertNotEquals("SIGKILL", e.signal(), e.getMessage());
            assertTrue(e.getMessage().contains("SIGSEGV"), e.getMessage());
        }
    }

    @Test
    void map_elementCrashesOnlyOnFirstAttempt_succeedsOnRetry(@TempDir Path tmp) {
        Path marker = tmp.resolve("crashed-once");
        try (WorkerPool pool = pool(tmp).maxRetries(1).open()) {
            List<Long> before = pool.workerPids();
            List<Shot> shots = IntStream.range(0, 50)
                    .mapToObj(i -> i == 20 ? new Shot(i, CrashKind.HALT, marker.toString()) : Shot.plain(i))
                    .collect(Collectors.toList());

            List<Integer> out = pool.map(Crasher.class, shots).collect(Collectors.toList());

            assertEquals(IntStream.range(0, 50).map(i -> 2 * i).boxed().collect(Collectors.toList()), out);
            assertTrue(Files.exists(marker), "the first attempt ran and crashed");
            assertFalse(pool.workerPids().containsAll(before), "a crashed worker was replaced: " + before + " -> "
                    + pool.workerPids());
        }
    }

    @Test
    void map_maxRetriesZero_firstCrashIsFatal(@TempDir Path tmp) {
        Path marker = tmp.resolve("crashed-once");
        // One element per batch, so the coordinator knows exactly which element was running.
        try (WorkerPool pool = pool(tmp).maxRetries(0).batchSize(1).open()) {
            List<Shot> shots = IntStream.range(0, 10)
                    .mapToObj(i -> i == 4 ? new Shot(i, CrashKind.HALT, marker.toString()) : Shot.plain(i))
                    .collect(Collectors.toList());

            List<Outcome<Integer>> out = Outcome.drain(pool.map(Crasher.class, shots));

            assertEquals(10, out.size());
            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class, out.get(4).error());
            assertEquals(4, e.index());
            assertEquals(1, e.attempts());
            assertEquals(5, e.exitCode());
            for (int i = 0; i < 10; i++) {
                if (i != 4) {
                    assertEquals(2 * i, out.get(i).value(), "input #" + i);
                }
            }
        }
    }

    @Test
    void map_maxRetriesZeroWithAutomaticBatching_firstCrashIsFatal(@TempDir Path tmp) {
        Path marker = tmp.resolve("crashed-once");
        try (WorkerPool pool = pool(tmp).maxRetries(0).open()) {
            List<Shot> shots = IntStream.range(0, ELEMENTS)
                    .mapToObj(i -> i == POISON ? new Shot(i, CrashKind.HALT, marker.toString()) : Shot.plain(i))
                    .collect(Collectors.toList());

            List<Outcome<Integer>> out = Outcome.drain(pool.map(Crasher.class, shots));

            assertTrue(Files.exists(marker), "the element ran and crashed its worker");
            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class, out.get(POISON).error(),
                    "outcome of the crashing element: " + out.get(POISON));
            assertEquals(1, e.attempts());
        }
    }

    @Test
    void submit_maxRetriesZero_firstCrashFailsFuture(@TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("crashed-once");
        try (WorkerPool pool = pool(tmp).maxRetries(0).open()) {
            CompletableFuture<Integer> f = pool.submit(Crasher.class, new Shot(7, CrashKind.EXIT, marker.toString()));

            ExecutionException ex = assertThrows(ExecutionException.class,
                    () -> f.get(30, TimeUnit.SECONDS));
            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class, ex.getCause());
            assertEquals(-1, e.index());
            assertEquals(1, e.attempts());
            assertEquals(3, e.exitCode());
            assertNull(e.signal());
            // The marker exists now, so the same element succeeds when sent again.
            assertEquals(14, pool.submit(Crasher.class, new Shot(7, CrashKind.EXIT, marker.toString()))
                    .get(30, TimeUnit.SECONDS));
        }
    }
}
