package io.procpool.it.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolClosedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.core.CoreTasks.Square;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Opening and closing pools: no child process outlives its pool, however the caller leaves it. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class PoolLifecycleTest {
    private static final List<Long> SQUARES_0_TO_99 = IntStream.range(0, 100).mapToObj(x -> (long) x * x)
            .collect(Collectors.toList());

    private static List<Long> squares(WorkerPool pool) {
        return pool.map(Square.class, IntStream.range(0, 100).boxed()).collect(Collectors.toList());
    }

    @Test
    void close_afterWork_everyWorkerIsGoneWhenCloseReturns() {
        WorkerPool pool = WorkerPool.open(2);
        List<Long> pids = pool.workerPids();
        assertEquals(SQUARES_0_TO_99, squares(pool));

        pool.close();

        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "worker " + pid + " still alive after close() returned");
        }
        assertEquals(List.of(), pool.workerPids());
    }

    @Test
    void close_afterResultStreamClosedEarly_poolServedNewMapInBetweenAndLeavesNoChild() {
        AtomicBoolean inputClosed = new AtomicBoolean();
        try (WorkerPool pool = WorkerPool.open(2)) {
            Stream<Integer> endless = Stream.iterate(0, i -> i + 1).onClose(() -> inputClosed.set(true));
            try (Stream<Long> results = pool.map(Square.class, endless)) {
                assertEquals(List.of(0L, 1L, 4L), results.limit(3).collect(Collectors.toList()));
            }
            assertTrue(inputClosed.get(), "input stream closed with the result stream");

            assertEquals(SQUARES_0_TO_99, squares(pool));
        }
        // NoLeftoverWorkers checks that no child remains.
    }

    @Test
    void close_byTryWithResourcesWhenBodyThrowsMidStream_leavesNoChild() throws InterruptedException {
        AtomicInteger seen = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
            try (WorkerPool pool = WorkerPool.open(2)) {
                pool.map(Square.class, Stream.iterate(0, i -> i + 1)).forEach(v -> {
                    if (seen.incrementAndGet() == 1_000) {
                        throw new IllegalStateException("body failed");
                    }
                });
            }
        });

        assertEquals("body failed", thrown.getMessage());
        assertEquals(List.of(), NoLeftoverWorkers.awaitNoDescendants(5_000), "children after the failed body");
    }

    @Test
    void closedPool_mapMapUnorderedSubmit_throwPoolClosedException() {
        WorkerPool pool = WorkerPool.open(2);
        pool.close();

        assertThrows(PoolClosedException.class, () -> pool.map(Square.class, List.of(1)));
        assertThrows(PoolClosedException.class, () -> pool.map(Square.class, Stream.of(1)));
        assertThrows(PoolClosedException.class, () -> pool.mapUnordered(Square.class, List.of(1)));
        assertThrows(PoolClosedException.class, () -> pool.mapUnordered(Square.class, Stream.of(1)));
        assertThrows(PoolClosedException.class, () -> pool.submit(Square.class, 1));
    }

    @Test
    void close_calledTwice_secondCallReturnsQuietly() {
        WorkerPool pool = WorkerPool.open(2);
        assertEquals(SQUARES_0_TO_99, squares(pool));

        pool.close();
        pool.close();

        assertThrows(PoolClosedException.class, () -> pool.submit(Square.class, 1));
    }

    @Test
    void close_whileIteratingResults_pulledElementsStillAnsweredThenPoolClosedException() {
        WorkerPool pool = WorkerPool.open(2);
        Iterator<Long> it = pool.map(Square.class, Stream.iterate(0, i -> i + 1)).iterator();
        assertEquals(0L, it.next());

        pool.close();

        long i = 1;
        while (true) {
            try {
                assertEquals(i * i, it.next());
                i++;
            } catch (PoolClosedException e) {
                break;
            }
        }
        assertTrue(i > 1 && i <= 8192 + 1, "answered after close: " + (i - 1));
    }
}
