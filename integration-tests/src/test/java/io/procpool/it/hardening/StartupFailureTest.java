package io.procpool.it.hardening;

import static io.procpool.it.hardening.HardeningSupport.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.hardening.HardeningTasks.HaltOnNegative;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that cannot start: {@code open()} fails with a {@link PoolException} that says why
 * (executable, JVM's stderr, missing main class, protocol version), and nothing is left running.
 * At run time, replacements that cannot start are retried with back-off and then break the pool.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class StartupFailureTest {
    /** Exactly a {@code PoolException}: not one of its per-element or closed-pool subclasses. */
    private static PoolException assertPlainPoolException(Throwable t) {
        PoolException e = assertInstanceOf(PoolException.class, t);
        assertEquals(PoolException.class, e.getClass(), () -> "expected a plain PoolException, was " + e);
        return e;
    }

    @Test
    @Timeout(20)
    void open_javaExecutableMissing_throwsNamingExecutableAndSetting() {
        WorkerPool.Builder builder = WorkerPool.builder().workers(2).javaExecutable(Path.of("/nonexistent/bin/java"));

        PoolException e = assertPlainPoolException(assertThrows(PoolException.class, builder::open));

        assertMentions(e, "/nonexistent/bin/java", "javaExecutable");
    }

    @Test
    void open_unknownJvmFlag_throwsSayingWorkerDiedBeforeHandshake() {
        WorkerPool.Builder builder = WorkerPool.builder().workers(2).jvmArgs("-XX:+ThisFlagDoesNotExist");

        PoolException e = assertPlainPoolException(assertThrows(PoolException.class, builder::open));

        // The JVM's own words ("Unrecognized VM option") are not always in the message: see
        // open_workerJvmFailsAtStart_messageAlwaysHoldsItsStderr.
        assertMentions(e, "died before the handshake", "exit code 1", "-XX:+ThisFlagDoesNotExist");
    }

    @Test
    void open_classpathWithoutWorkerMain_throwsSayingWorkerDiedBeforeHandshake(@TempDir Path empty) {
        WorkerPool.Builder builder = WorkerPool.builder().workers(2).classpath(List.of(empty));

        PoolException e = assertPlainPoolException(assertThrows(PoolException.class, builder::open));

        // "Could not find or load main class" is not always in the message: see
        // open_workerJvmFailsAtStart_messageAlwaysHoldsItsStderr.
        assertMentions(e, "died before the handshake", "exit code 1", "-cp " + empty + " io.procpool.worker.WorkerMain");
    }

    /**
     * A worker JVM that fails at start prints why on stderr and exits; the message of
     * {@code open()} should always carry those lines. Repeated, because losing them is a race
     * (four workers per pool make it more likely).
     */
    @Test
    void open_workerJvmFailsAtStart_messageAlwaysHoldsItsStderr() {
        int runs = 40;
        List<String> incomplete = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            WorkerPool.Builder badFlag = WorkerPool.builder().workers(4).jvmArgs("-XX:+ThisFlagDoesNotExist");
            PoolException e = assertThrows(PoolException.class, badFlag::open);
            if (!e.getMessage().contains("Unrecognized VM option 'ThisFlagDoesNotExist'")
                    || !e.getMessage().contains("Could not create the Java Virtual Machine")) {
                incomplete.add(e.getMessage());
            }
        }
        assertEquals(List.of(), incomplete, incomplete.size() + " of " + runs + " messages lack the JVM's stderr");
    }

    @Test
    void open_workerAnnouncesOtherProtocolVersion_throwsVersionMismatch() {
        WorkerPool.Builder builder = WorkerPool.builder().workers(2).jvmArgs("-Dprocpool.worker.protocolVersion=99");

        PoolException e = assertPlainPoolException(assertThrows(PoolException.class, builder::open));

        int ours = io.procpool.protocol.Wire.VERSION;
        assertMentions(e, "protocol version mismatch", "99", Integer.toString(ours));
        assertTrue(e.getMessage().matches("(?s).*peer speaks version 99, this side speaks version " + ours + "\\b.*"),
                () -> "message should say which side speaks which version: " + e.getMessage());
    }

    @Test
    void workerDies_replacementsCannotStart_backsOffThenBreaksPool(@TempDir Path tmp) throws Exception {
        Path copyRoot = tmp.resolve("cp");
        List<Path> cp = HardeningSupport.copyClasspath(HardeningSupport.coordinatorClasspath(), copyRoot);
        WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).classDataSharing(false).open();
        try {
            // Loads HaltOnNegative in the worker before its class file disappears.
            assertEquals(List.of(1, 2, 3), pool.map(HaltOnNegative.class, List.of(1, 2, 3)).collect(Collectors.toList()));
            HardeningSupport.deleteTree(copyRoot);

            ExecutionException ee = assertThrows(ExecutionException.class,
                    () -> pool.submit(HaltOnNegative.class, -1).get(30, TimeUnit.SECONDS));

            PoolException broken = assertInstanceOf(PoolException.class, ee.getCause());
            // Not asserted: the replacements' stderr ("Could not find or load main class"), which the
            // message only sometimes holds (see open_workerJvmFailsAtStart_messageAlwaysHoldsItsStderr).
            assertMentions(broken, "broken", "died before the handshake", "exit code 1", "io.procpool.worker.WorkerMain");
            long started = pool.stats().workersStarted();
            assertTrue(started >= 2 && started <= 5, "workers started (1 + a few back-off attempts): " + started);
            PoolException viaSubmit = assertPlainPoolException(
                    assertThrows(PoolException.class, () -> pool.submit(HaltOnNegative.class, 1)));
            assertMentions(viaSubmit, "broken", "died before the handshake");
            PoolException viaMap = assertPlainPoolException(
                    assertThrows(PoolException.class, () -> pool.map(HaltOnNegative.class, List.of(1))));
            assertMentions(viaMap, "broken", "died before the handshake");
            assertEquals(started, pool.stats().workersStarted(), "a broken pool starts no more workers");
        } finally {
            pool.close();
        }
        assertEquals(List.of(), NoLeftoverWorkers.awaitNoDescendants(5_000), "children after close()");
        assertTrue(Files.notExists(copyRoot));
    }
}
