package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.Task;
import io.procpool.TaskTimeoutException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** An element that runs past {@code taskTimeout} fails alone; its worker is killed and replaced. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class TaskTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int HANG = 30;

    /** Returns twice its input at once, except for a negative input, where it spins forever. */
    public static final class SpinsOnNegative implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer i) {
            if (i < 0) {
                while (true) {
                    Thread.onSpinWait();
                }
            }
            return i * 2;
        }
    }

    @Test
    void map_elementRunsPastTimeout_failsWithTimeoutAndElementsQueuedBehindItAreRerun() {
        // One worker: every element after the hanging one is queued behind it on the worker that is killed.
        try (WorkerPool pool = WorkerPool.builder().workers(1).taskTimeout(TIMEOUT).open()) {
            List<Long> before = pool.workerPids();

            List<Outcome<Integer>> out = Outcome.drain(pool.map(SpinsOnNegative.class,
                    IntStream.range(0, 100).map(i -> i == HANG ? -1 : i).boxed()));

            assertEquals(100, out.size());
            for (int i = 0; i < 100; i++) {
                if (i != HANG) {
                    assertNull(out.get(i).error(), "input #" + i);
                    assertEquals(2 * i, out.get(i).value(), "input #" + i);
                }
            }
            TaskTimeoutException e = assertInstanceOf(TaskTimeoutException.class, out.get(HANG).error());
            assertEquals(HANG, e.index());
            assertEquals(TIMEOUT, e.timeout());
            assertTrue(e.elapsed().compareTo(TIMEOUT) >= 0, "elapsed " + e.elapsed());
            assertTrue(before.contains(e.pid()), "the hanging element ran on the first worker " + before + ", not "
                    + e.pid());
            assertFalse(pool.workerPids().contains(e.pid()), "killed worker replaced: " + pool.workerPids());
            assertEquals(1, pool.workerPids().size());
            assertFalse(ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(e.getMessage().contains("input #" + HANG), e.getMessage());
            assertTrue(e.getMessage().contains("500 ms"), e.getMessage());
        }
    }

    @Test
    void submit_elementRunsPastTimeout_futureFailsAndPoolKeepsServing() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).taskTimeout(TIMEOUT).open()) {
            var hanging = pool.submit(SpinsOnNegative.class, -1);
            var behind = pool.submit(SpinsOnNegative.class, 21);

            ExecutionException ex = assertThrows(ExecutionException.class, () -> hanging.get(30, TimeUnit.SECONDS));
            TaskTimeoutException e = assertInstanceOf(TaskTimeoutException.class, ex.getCause());
            assertEquals(-1, e.index());
            assertEquals(42, behind.get(30, TimeUnit.SECONDS));
            assertEquals(4, pool.submit(SpinsOnNegative.class, 2).get(30, TimeUnit.SECONDS));
        }
    }
}
