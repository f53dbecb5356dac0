package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolStats;
import io.procpool.TaskTimeoutException;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.core.CoreTasks;
import io.procpool.it.reliability.TreeTasks.Plan;
import io.procpool.it.reliability.TreeTasks.Spawn;
import io.procpool.it.reliability.TreeTasks.StartSleep;
import io.procpool.it.reliability.TreeTasks.Then;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Processes that tasks start belong to the pool: none survives {@code close()}, a worker's
 * crash or a task timeout, however it was started; and a grandchild that shares the worker's
 * stdout and stderr does not hide the worker's death. (Re-parented grandchildren are not
 * descendants of this JVM, so {@link NoLeftoverWorkers} cannot see them: each test checks its
 * grandchild's pid itself.)
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class GrandchildTest {
    /** How long a grandchild may outlive the event that dooms it. */
    private static final long GONE_WITHIN_MILLIS = 1_000;

    private static void assertGone(long pid, String when) throws InterruptedException {
        List<Long> alive = TreeTasks.awaitGone(List.of(pid), GONE_WITHIN_MILLIS);
        alive.forEach(TreeTasks::kill);
        assertTrue(alive.isEmpty(), "grandchild " + pid + " still running " + GONE_WITHIN_MILLIS + " ms after " + when);
    }

    /** Names of threads of any worker still alive after {@code millis} (they end right after the loss is handled). */
    private static List<String> awaitNoWorkerThreads(long millis) throws InterruptedException {
        // No event marks a thread's end to anyone but its joiners: poll.
        return Await.last(Duration.ofMillis(millis), () -> Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("procpool-w"))
                .collect(Collectors.toList()), List::isEmpty);
    }

    @ParameterizedTest
    @EnumSource(value = Spawn.class, names = "HOLDS_CHANNEL", mode = EnumSource.Mode.EXCLUDE)
    void close_killsGrandchildOfIdleWorker(Spawn spawn, @TempDir Path tmp) throws Exception {
        long pid;
        try (WorkerPool pool = WorkerPool.open(1)) {
            pid = pool.submit(StartSleep.class, new Plan(tmp.toString(), spawn, Then.RETURN))
                    .get(30, TimeUnit.SECONDS);
            assertTrue(ProcessHandle.of(pid).isPresent(), "grandchild started");
        }
        assertGone(pid, "close()");
    }

    @ParameterizedTest
    @EnumSource(value = Spawn.class, names = "HOLDS_CHANNEL", mode = EnumSource.Mode.EXCLUDE)
    void close_killsGrandchildOfBusyWorker(Spawn spawn, @TempDir Path tmp) throws Exception {
        long pid;
        long closeMillis;
        WorkerPool pool = WorkerPool.builder().workers(1).shutdownTimeout(Duration.ofMillis(500)).open();
        try {
            pool.submit(StartSleep.class, new Plan(tmp.toString(), spawn, Then.SPIN));
            pid = TreeTasks.awaitPid(tmp, 30_000);
        } finally {
            long t0 = System.nanoTime();
            pool.close();
            closeMillis = (System.nanoTime() - t0) / 1_000_000;
        }
        assertGone(pid, "close()");
        assertTrue(closeMillis < 500 + 1_000 + 500, "close() took " + closeMillis + " ms");
    }

    @ParameterizedTest
    @EnumSource(value = Then.class, names = {"EXIT", "HALT", "SIGKILL"})
    void workerDies_grandchildKilledAndElementFails(Then death, @TempDir Path tmp) throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).open()) {
            CompletableFuture<Long> f = pool.submit(StartSleep.class,
                    new Plan(tmp.toString(), Spawn.DOUBLE_FORK, death));
            long pid = TreeTasks.awaitPid(tmp, 30_000);
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertInstanceOf(WorkerCrashedException.class, e.getCause());
            assertGone(pid, "its worker died (" + death + ")");
            assertEquals(9L, pool.submit(CoreTasks.Square.class, 3).get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void taskTimeout_killsGrandchild(@TempDir Path tmp) throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).taskTimeout(Duration.ofSeconds(1)).open()) {
            CompletableFuture<Long> f = pool.submit(StartSleep.class,
                    new Plan(tmp.toString(), Spawn.SETSID, Then.SPIN));
            long pid = TreeTasks.awaitPid(tmp, 30_000);
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskTimeoutException.class, e.getCause());
            assertGone(pid, "the task timeout");
        }
    }

    /**
     * The case that used to hang: the grandchild holds the worker's stdout (inheritIO; with the
     * channel on fd 3 it now holds only stderr), or the channel itself (then the exit watch, not
     * EOF, reports the loss), and the worker halts. The element fails at once, the pool serves on, stats are right, close is prompt and
     * no thread of the dead worker is left.
     */
    @ParameterizedTest
    @EnumSource(value = Spawn.class, names = {"INHERIT_IO", "HOLDS_CHANNEL"})
    void workerHaltsWhileGrandchildHoldsItsPipes_lossDetectedAndNothingLeft(Spawn spawn, @TempDir Path tmp)
            throws Exception {
        WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).taskTimeout(Duration.ofSeconds(3))
                .shutdownTimeout(Duration.ofMillis(500)).open();
        long pid;
        long closeMillis;
        try {
            CompletableFuture<Long> f = pool.submit(StartSleep.class,
                    new Plan(tmp.toString(), spawn, Then.HALT));
            pid = TreeTasks.awaitPid(tmp, 30_000);
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertInstanceOf(WorkerCrashedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("exit code 5"), e.getCause().getMessage());
            assertEquals(16L, pool.submit(CoreTasks.Square.class, 4).get(30, TimeUnit.SECONDS));
            PoolStats stats = pool.stats();
            assertEquals(1, stats.workers().size(), stats.toString());
            assertEquals(0, stats.workers().get(0).tasksInFlight(), stats.toString());
            assertEquals(1, stats.workersCrashed(), stats.toString());
        } finally {
            long t0 = System.nanoTime();
            pool.close();
            closeMillis = (System.nanoTime() - t0) / 1_000_000;
        }
        assertGone(pid, "its worker halted");
        assertTrue(closeMillis < 500 + 1_000, "close() took " + closeMillis + " ms");
        assertEquals(List.of(), awaitNoWorkerThreads(1_000), "procpool worker threads still running after close()");
    }

    @Test
    void killProcessTreeFalse_grandchildOutlivesClose(@TempDir Path tmp) throws Exception {
        long pid = -1;
        try {
            try (WorkerPool pool = WorkerPool.builder().workers(1).killProcessTree(false).open()) {
                pid = pool.submit(StartSleep.class, new Plan(tmp.toString(), Spawn.DOUBLE_FORK, Then.RETURN))
                        .get(30, TimeUnit.SECONDS);
            }
            assertEquals(List.of(pid), TreeTasks.running(List.of(pid)), "the daemon the task started is left alone");
        } finally {
            TreeTasks.kill(pid);
        }
    }
}
