package io.procpool.it.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolClosedException;
import io.procpool.PoolListener;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.hardening.HardeningTasks.AwaitFile;
import io.procpool.it.core.CoreTasks.Describe;
import io.procpool.it.core.CoreTasks.Square;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Calls a careless user might make: reuse of a consumed stream, many threads at once, closing from a callback. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class MisuseTest {
    @Test
    void resultStream_consumedTwice_jdkThrowsIllegalStateExceptionAndPoolKeepsServing() {
        try (WorkerPool pool = WorkerPool.open(1)) {
            Stream<Long> results = pool.map(Square.class, List.of(1, 2, 3));
            assertEquals(List.of(1L, 4L, 9L), results.collect(Collectors.toList()));

            // JDK behaviour, not procpool's: any Stream may be operated upon only once.
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> results.collect(Collectors.toList()));
            assertTrue(e.getMessage().contains("stream has already been operated upon or closed"), e.getMessage());

            assertEquals(List.of(16L), pool.map(Square.class, List.of(4)).collect(Collectors.toList()));
        }
    }

    @Test
    void mapAndSubmit_fromEightThreadsWithTwoTaskClasses_everyResultCorrect() throws Exception {
        int threads = 8;
        int n = 2_000;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try (WorkerPool pool = WorkerPool.open(2)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * n;
                boolean mapSquares = t % 2 == 0;
                done.add(callers.submit(() -> {
                    go.await();
                    List<Integer> input = IntStream.range(offset, offset + n).boxed().collect(Collectors.toList());
                    List<CompletableFuture<?>> futures = new ArrayList<>();
                    for (int k = 0; k < 20; k++) {
                        futures.add(mapSquares ? pool.submit(Describe.class, offset + k) : pool.submit(Square.class, offset + k));
                    }
                    if (mapSquares) {
                        assertEquals(input.stream().map(x -> (long) x * x).collect(Collectors.toList()),
                                pool.map(Square.class, input.stream()).collect(Collectors.toList()));
                    } else {
                        assertEquals(input.stream().map(x -> "#" + x).collect(Collectors.toList()),
                                pool.map(Describe.class, input).collect(Collectors.toList()));
                    }
                    for (int k = 0; k < 20; k++) {
                        int x = offset + k;
                        assertEquals(mapSquares ? "#" + x : (Object) ((long) x * x), futures.get(k).get(30, TimeUnit.SECONDS));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void close_fromSubmitFutureCallback_completesAndLaterCallsSeePoolClosed(@TempDir Path dir) throws Exception {
        Path gate = dir.resolve("go");
        WorkerPool pool = WorkerPool.open(1);
        AtomicReference<String> callbackThread = new AtomicReference<>();
        // The task cannot finish before the gate file exists, so the callback is attached to an
        // incomplete future and runs on a pool thread.
        CompletableFuture<Integer> task = pool.submit(AwaitFile.class, gate.toString());
        CompletableFuture<Void> closed = task.thenRun(() -> {
            callbackThread.set(Thread.currentThread().getName());
            pool.close();
        });
        Files.createFile(gate);

        closed.get(30, TimeUnit.SECONDS);

        assertEquals(gate.toString().length(), task.getNow(null));
        assertTrue(callbackThread.get().startsWith("procpool-callback-"), "callback ran on " + callbackThread.get());
        assertEquals(List.of(), pool.workerPids());
        assertEquals(List.of(), NoLeftoverWorkers.awaitNoDescendants(5_000), "children after close() in a callback");
        assertThrows(PoolClosedException.class, () -> pool.submit(Square.class, 1));
        assertThrows(PoolClosedException.class, () -> pool.map(Square.class, List.of(1)));
    }

    @Test
    void close_fromPoolListener_completesAndLaterCallsSeePoolClosed() throws Exception {
        AtomicReference<WorkerPool> poolRef = new AtomicReference<>();
        AtomicReference<String> listenerThread = new AtomicReference<>();
        AtomicReference<Throwable> closeFailure = new AtomicReference<>();
        CountDownLatch closeReturned = new CountDownLatch(1);
        PoolListener closer = new PoolListener() {
            @Override
            public void tasksCompleted(String taskClass, int count, long pid) {
                if (closeReturned.getCount() == 0) {
                    return;
                }
                listenerThread.set(Thread.currentThread().getName());
                try {
                    poolRef.get().close();
                } catch (Throwable t) {
                    closeFailure.set(t);
                }
                closeReturned.countDown();
            }
        };
        WorkerPool pool = WorkerPool.builder().workers(1).listener(closer).open();
        poolRef.set(pool);

        CompletableFuture<Long> trigger = pool.submit(Square.class, 2);

        assertTrue(closeReturned.await(30, TimeUnit.SECONDS), "close() called from the listener did not return");
        // The triggering element may lose its result to the close: see submit_resultReceivedThenPoolClosed_futureKeepsResult.
        Object outcome = trigger.handle((v, e) -> e != null ? e : v).get(30, TimeUnit.SECONDS);
        assertTrue(Long.valueOf(4).equals(outcome) || outcome instanceof PoolClosedException, "outcome: " + outcome);
        assertNull(closeFailure.get(), "close() from the listener threw");
        assertEquals("procpool-events", listenerThread.get());
        assertEquals(List.of(), pool.workerPids());
        assertEquals(List.of(), NoLeftoverWorkers.awaitNoDescendants(5_000), "children after close() in a listener");
        assertThrows(PoolClosedException.class, () -> pool.submit(Square.class, 1));
        assertThrows(PoolClosedException.class, () -> pool.mapUnordered(Square.class, List.of(1)));
        pool.close();
    }

    /**
     * A listener that closes the pool as soon as it hears that the element completed: the
     * element's result had already reached the coordinator, so its future should still get it.
     * Repeated, because losing it is a race.
     */
    @Test
    void submit_resultReceivedThenPoolClosed_futureKeepsResult() throws Exception {
        int runs = 20;
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            AtomicReference<WorkerPool> poolRef = new AtomicReference<>();
            CountDownLatch closeReturned = new CountDownLatch(1);
            PoolListener closer = new PoolListener() {
                @Override
                public void tasksCompleted(String taskClass, int count, long pid) {
                    poolRef.get().close();
                    closeReturned.countDown();
                }
            };
            WorkerPool pool = WorkerPool.builder().workers(1).listener(closer).open();
            poolRef.set(pool);
            CompletableFuture<Long> f = pool.submit(Square.class, 3);
            assertTrue(closeReturned.await(30, TimeUnit.SECONDS));
            Object outcome = f.handle((v, e) -> e != null ? e : v).get(30, TimeUnit.SECONDS);
            if (!Long.valueOf(9).equals(outcome)) {
                lost.add(String.valueOf(outcome));
            }
        }
        assertEquals(List.of(), lost, lost.size() + " of " + runs + " completed elements lost their result");
    }
}
