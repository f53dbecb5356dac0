package io.procpool.it.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolListener;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.core.CoreTasks.Square;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batching, checked by counting what was sent (the listener sees each TASK frame's size), never
 * by the clock: tiny tasks travel many to a message without any setting, and the override holds.
 */
@ExtendWith(NoLeftoverWorkers.class)
class BatchingTest {
    private static final int N = 20_000;

    /** Records the element count of every batch sent. */
    private static final class BatchSizes implements PoolListener {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();

        @Override
        public void tasksStarted(String taskClass, int count, long pid) {
            sizes.add(count);
        }
    }

    private static List<Long> expected() {
        return IntStream.range(0, N).mapToObj(i -> (long) i * i).collect(Collectors.toList());
    }

    @Test
    void map_tinyTasksAtDefaultSettings_travelManyToAMessage() {
        BatchSizes batches = new BatchSizes();
        try (WorkerPool pool = WorkerPool.builder().workers(2).listener(batches).open()) {
            List<Long> out = pool.map(Square.class, IntStream.range(0, N).boxed()).collect(Collectors.toList());
            assertEquals(expected(), out);
        }
        // close() delivered every queued event
        assertEquals(N, batches.sizes.stream().mapToInt(Integer::intValue).sum(), "every element sent once");
        int largest = batches.sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(largest >= 100, "largest batch " + largest + "; batches: " + batches.sizes.size());
        assertTrue(batches.sizes.size() < N / 20, "messages sent for " + N + " tiny tasks: " + batches.sizes.size());
    }

    @Test
    void map_batchSizeOverride_noBatchExceedsIt() {
        BatchSizes batches = new BatchSizes();
        try (WorkerPool pool = WorkerPool.builder().workers(2).batchSize(7).listener(batches).open()) {
            List<Long> out = pool.map(Square.class, IntStream.range(0, N).boxed()).collect(Collectors.toList());
            assertEquals(expected(), out);
        }
        assertEquals(N, batches.sizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(batches.sizes.stream().allMatch(s -> s >= 1 && s <= 7), "sizes above 7: " + batches.sizes.stream()
                .filter(s -> s > 7).collect(Collectors.toList()));
    }
}
