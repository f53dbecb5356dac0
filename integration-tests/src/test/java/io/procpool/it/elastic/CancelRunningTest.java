package io.procpool.it.elastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolListener.WorkerStart;
import io.procpool.PoolStats;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling running elements: {@code cancel(true)} kills the worker running the element and
 * replaces it; what else it held runs again. {@code cancel(false)} and closing a {@code map}
 * stream by default let the running element finish.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(120)
class CancelRunningTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static long awaitStarted(Path marker) throws Exception {
        Await.until("the element to start (" + marker + ")", WAIT, () -> Files.exists(marker));
        return Long.parseLong(Await.value("its pid in " + marker, WAIT, () -> read(marker), s -> !s.isEmpty()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void submit_cancelTrue_killsTheWorkerRunningIt_theElementsQueuedBehindItRunOnTheReplacement(@TempDir Path tmp)
            throws Exception {
        ReasonRecorder rec = new ReasonRecorder();
        try (WorkerPool pool = WorkerPool.builder().workers(1).listener(rec).open()) {
            Path marker = tmp.resolve("blocking");
            CompletableFuture<Long> blocking = pool.submit(ElasticTasks.NapOrBlock.class, "block:" + marker);
            long pid = awaitStarted(marker);
            List<CompletableFuture<Long>> behind = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                behind.add(pool.submit(ElasticTasks.NapOrBlock.class, "nap:10"));
            }

            assertTrue(blocking.cancel(true));

            assertThrows(CancellationException.class, blocking::join);
            for (CompletableFuture<Long> f : behind) {
                long ranOn = f.get(30, TimeUnit.SECONDS); // without the kill these would wait ten minutes
                assertNotEquals(pid, ranOn, "ran on the replacement");
            }
            Await.until("the blocked worker gone", WAIT, () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            PoolStats s = pool.stats();
            assertEquals(1L, s.exits().get(WorkerExit.CANCELLED), s.toString());
            assertEquals(1L, s.starts().get(WorkerStart.REPLACEMENT), s.toString());
            assertEquals(0, s.workersCrashed());
            assertEquals(0, s.tasksFailed());
            assertEquals(0, s.tasksRetried(), "the elements behind it had not run");
        }
        assertEquals(List.of(WorkerExit.CANCELLED, WorkerExit.CLOSED), rec.exits());
    }

    @Test
    void submit_cancelFalse_theRunningElementFinishesOnTheSameWorker(@TempDir Path tmp) throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).open()) {
            long pid = pool.workerPids().get(0);
            Path marker = tmp.resolve("blocking");
            CompletableFuture<Long> blocking = pool.submit(ElasticTasks.NapOrBlock.class, "block:" + marker);
            awaitStarted(marker);

            assertTrue(blocking.cancel(false));

            assertThrows(CancellationException.class, blocking::join);
            CompletableFuture<Long> next = pool.submit(ElasticTasks.NapOrBlock.class, "nap:0");
            assertEquals(List.of(pid), pool.workerPids(), "no worker was killed");
            assertTrue(!next.isDone(), "the worker is still busy with the cancelled element");
            assertEquals(0L, pool.stats().exits().get(WorkerExit.CANCELLED));
            pool.closeNow();
            assertTrue(next.isCompletedExceptionally());
        }
    }

    @Test
    void map_closedEarly_withStopRunningOnMapClose_killsTheWorkersRunningItsElements(@TempDir Path tmp)
            throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(2).stopRunningOnMapClose(true).open()) {
            Path a = tmp.resolve("a");
            Path b = tmp.resolve("b");
            // Sent one each in turn: a to one worker, then the nap and b behind it to the other.
            Stream<Long> results = pool.mapUnordered(ElasticTasks.NapOrBlock.class,
                    List.of("block:" + a, "nap:0", "block:" + b));
            Iterator<Long> it = results.iterator();
            assertTrue(it.next() > 0);
            long pidA = awaitStarted(a);
            long pidB = awaitStarted(b);
            assertNotEquals(pidA, pidB, "one blocked element per worker");

            results.close();

            PoolStats s = Await.value("both blocked workers killed and replaced", WAIT, pool::stats,
                    x -> x.exits().get(WorkerExit.CANCELLED) == 2 && x.workers().size() == 2
                            && !x.workers().stream().anyMatch(w -> w.pid() == pidA || w.pid() == pidB));
            assertEquals(0, s.workersCrashed());
            long pid = pool.submit(ElasticTasks.NapOrBlock.class, "nap:0").get(30, TimeUnit.SECONDS);
            assertTrue(pid != pidA && pid != pidB, "the pool keeps serving");
        }
    }

    @Test
    void map_closedEarly_byDefault_theRunningElementFinishes(@TempDir Path tmp) throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).open()) {
            long pid = pool.workerPids().get(0);
            Path a = tmp.resolve("a");
            Stream<Long> results = pool.map(ElasticTasks.NapOrBlock.class, List.of("nap:0", "block:" + a));
            Iterator<Long> it = results.iterator();
            assertEquals(pid, it.next());
            awaitStarted(a);

            results.close();

            CompletableFuture<Long> next = pool.submit(ElasticTasks.NapOrBlock.class, "nap:0");
            assertEquals(List.of(pid), pool.workerPids());
            assertTrue(!next.isDone(), "the closed map's element still runs");
            assertEquals(0L, pool.stats().exits().get(WorkerExit.CANCELLED));
            pool.closeNow();
        }
    }
}
