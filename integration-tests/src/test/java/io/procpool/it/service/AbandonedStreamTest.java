package io.procpool.it.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolStats;
import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.SharedPool;
import io.procpool.it.core.CoreTasks.Square;
import io.procpool.it.service.ServiceTasks.FailFirst;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A long-lived service calls {@code map} over and over; calls that fail or are abandoned must not
 * keep their buffers or their remaining work (they used to hold a window-sized ring each until the
 * pool closed, and run every remaining element).
 */
@Timeout(120)
class AbandonedStreamTest {
    private static final int ELEMENTS = 2_000;
    /** Old behaviour: ~47 KiB retained per call, so 300 calls grew the heap by ~14 MiB. */
    private static final long FLAT_BYTES = 4L << 20;
    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(() -> WorkerPool.open(2));

    private static final List<Integer> INPUT = IntStream.range(0, ELEMENTS).boxed().collect(Collectors.toList());

    @Test
    void toListThatThrows_repeated300Times_heapStaysFlatAndRemainingElementsAreNotRun() throws Exception {
        for (int i = 0; i < 20; i++) {
            failOnce();
        }
        awaitIdle();
        long before = usedAfterGc();
        long doneBefore = done(SHARED.pool().stats());

        for (int i = 0; i < 300; i++) {
            failOnce();
        }
        awaitIdle();
        long after = usedAfterGc();
        long ran = done(SHARED.pool().stats()) - doneBefore;

        assertTrue(after - before < FLAT_BYTES, "heap after GC grew by " + (after - before) / 1024 + " KiB over 300"
                + " failed calls (from " + before / 1024 + " KiB)");
        assertTrue(ran < 300L * ELEMENTS / 4, ran + " elements ran for 300 calls that failed at element 0 ("
                + 300L * ELEMENTS + " if the rest of each call had run)");
    }

    @Test
    void iteratorDroppedHalfWay_repeated200Times_releasedOnceCollected() throws Exception {
        for (int i = 0; i < 20; i++) {
            abandonOnce();
        }
        awaitIdle();
        long before = usedAfterGc();

        for (int i = 0; i < 200; i++) {
            abandonOnce();
        }
        // The cleaner runs after a collection: poll (bounded) until it has released the jobs.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long after;
        do {
            awaitIdle();
            after = usedAfterGc();
        } while (after - before >= FLAT_BYTES && System.nanoTime() < deadline);

        assertTrue(after - before < FLAT_BYTES, "heap after GC grew by " + (after - before) / 1024 + " KiB over 200"
                + " abandoned iterators (from " + before / 1024 + " KiB)");
    }

    private static void failOnce() {
        assertThrows(TaskFailedException.class, () -> SHARED.pool().map(FailFirst.class, INPUT).collect(Collectors.toList()));
    }

    private static void abandonOnce() {
        Iterator<Long> it = SHARED.pool().map(Square.class, INPUT).iterator();
        it.next();
    }

    private static long done(PoolStats s) {
        return s.tasksCompleted() + s.tasksFailed();
    }

    /** Polls until no worker holds an element (no event exists for it). */
    private static void awaitIdle() throws InterruptedException {
        Await.until("workers to go idle", Duration.ofSeconds(30),
                () -> SHARED.pool().stats().workers().stream().mapToInt(PoolStats.Worker::tasksInFlight).sum() == 0);
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20); // lets the cleaner thread run the actions the collection enqueued
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
