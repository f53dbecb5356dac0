package io.procpool.it.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolClosedException;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.core.CoreTasks.Square;
import io.procpool.it.core.CoreTasks.Stall;
import io.procpool.it.service.ServiceTasks.Nap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code close()} works like {@code ExecutorService.close()}: what was submitted completes, within
 * the shutdown timeout; {@code closeNow()} stops everything at once.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class CloseSemanticsTest {

    @Test
    void close_withSubmittedWorkQueued_everyFutureCompletesNormally() throws Exception {
        WorkerPool pool = WorkerPool.builder().workers(1).shutdownTimeout(Duration.ofSeconds(20)).open();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(pool.submit(Nap.class, 20 + i));
        }

        pool.close();

        for (int i = 0; i < 20; i++) {
            assertTrue(futures.get(i).isDone(), "future " + i + " not done when close() returned");
            assertEquals(20 + i, futures.get(i).get());
        }
        assertThrows(PoolClosedException.class, () -> pool.submit(Nap.class, 1));
    }

    @Test
    void close_workOutlastsShutdownTimeout_earlyOnesCompleteRestFailWithPoolClosed() throws Exception {
        Duration shutdown = Duration.ofMillis(600);
        WorkerPool pool = WorkerPool.builder().workers(1).shutdownTimeout(shutdown).open();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            futures.add(pool.submit(Nap.class, 200));
        }

        long t0 = System.nanoTime();
        pool.close();
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;

        int completed = 0;
        boolean sawClosed = false;
        for (CompletableFuture<Integer> f : futures) {
            assertTrue(f.isDone(), "a future is still open after close()");
            if (f.isCompletedExceptionally()) {
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertInstanceOf(PoolClosedException.class, e.getCause());
                sawClosed = true;
            } else {
                assertTrue(!sawClosed, "one worker runs in order: completions form a prefix");
                assertEquals(200, f.get());
                completed++;
            }
        }
        assertTrue(completed >= 1 && completed < 12, "completed " + completed + " of 12");
        assertTrue(tookMillis < shutdown.toMillis() + 1_500, "close took " + tookMillis + " ms");
    }

    @Test
    void close_whileMapIsConsumed_pulledElementsCompleteThenPoolClosedAndNoMoreInput() {
        WorkerPool pool = WorkerPool.builder().workers(2).window(16).open();
        AtomicLong pulled = new AtomicLong();
        Iterator<Long> it = pool.map(Square.class, Stream.iterate(0, i -> i + 1).peek(i -> pulled.incrementAndGet()))
                .iterator();
        assertEquals(0L, it.next());

        pool.close();
        long pulledAtClose = pulled.get();

        long next = 1;
        PoolClosedException end = null;
        while (end == null) {
            try {
                assertEquals(next * next, it.next(), "result " + next);
                next++;
            } catch (PoolClosedException e) {
                end = e;
            }
        }
        assertEquals(pulledAtClose, next, "every pulled element was answered, in order");
        assertEquals(pulledAtClose, pulled.get(), "no input pulled after close()");
        assertTrue(end.getMessage().contains("was not run"), end.getMessage());
        assertTrue(!it.hasNext(), "the stream ends after PoolClosedException");
    }

    @Test
    void closeNow_withRunningAndQueuedWork_everythingFailsAtOnce() throws Exception {
        WorkerPool pool = WorkerPool.builder().workers(1).shutdownTimeout(Duration.ofSeconds(30)).open();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(pool.submit(Stall.class, i));
        }
        awaitInFlight(pool);

        long t0 = System.nanoTime();
        pool.closeNow();
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;

        for (CompletableFuture<Integer> f : futures) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertInstanceOf(PoolClosedException.class, e.getCause());
        }
        assertTrue(tookMillis < 5_000, "closeNow took " + tookMillis + " ms despite a 30 s shutdown timeout");
    }

    @Test
    void closeNow_duringGracefulClose_cutsItShort() throws Exception {
        WorkerPool pool = WorkerPool.builder().workers(1).shutdownTimeout(Duration.ofSeconds(40)).open();
        CompletableFuture<Integer> stalled = pool.submit(Stall.class, 1);
        awaitInFlight(pool);
        CompletableFuture<Long> closeTook = new CompletableFuture<>();
        Thread closer = new Thread(() -> {
            long t0 = System.nanoTime();
            pool.close();
            closeTook.complete((System.nanoTime() - t0) / 1_000_000);
        }, "graceful-closer");
        closer.start();
        awaitDraining(pool);

        pool.closeNow();

        assertTrue(closeTook.get(10, TimeUnit.SECONDS) < 10_000, "graceful close was not cut short");
        ExecutionException e = assertThrows(ExecutionException.class, () -> stalled.get(5, TimeUnit.SECONDS));
        assertInstanceOf(PoolClosedException.class, e.getCause());
    }

    /** Polls (no event exists for it) until the pool's one worker holds an element. */
    private static void awaitInFlight(WorkerPool pool) throws InterruptedException {
        Await.until("an element to reach a worker", Duration.ofSeconds(20),
                () -> pool.stats().workers().stream().mapToInt(w -> w.tasksInFlight()).sum() > 0);
    }

    /** Polls until the pool refuses new work, which it does as soon as close() starts. */
    private static void awaitDraining(WorkerPool pool) throws InterruptedException {
        Await.until("close() to start refusing work", Duration.ofSeconds(20), () -> {
            try {
                pool.submit(Square.class, 1).cancel(false);
                return false;
            } catch (PoolClosedException e) {
                return true;
            }
        });
    }
}
