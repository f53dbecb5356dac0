package io.procpool.it.elastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolStats;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code maxWorkerMemory}: a worker whose resident memory grows past the limit is recycled before it runs out. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(180)
class MemoryRecyclingTest {
    @Test
    void leakOf4MiBPerCall_workersRecycledBeforeAnyOutOfMemoryError_nothingFails() {
        ReasonRecorder rec = new ReasonRecorder();
        // Heap 256 MiB with a small young generation, so resident memory follows the leak: a
        // worker that kept all 150 calls (600 MiB) would die of OutOfMemoryError after ~55.
        try (WorkerPool pool = WorkerPool.builder().workers(1).jvmArgs("-Xmx256m", "-Xmn16m")
                .maxWorkerMemory(160L << 20).listener(rec).open()) {
            List<Long> pids = pool.map(ElasticTasks.Leak.class, IntStream.range(0, 150).boxed())
                    .collect(Collectors.toList());

            assertEquals(150, pids.size(), "every element has its result");
            Map<Long, Long> perWorker = pids.stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            assertTrue(perWorker.size() >= 3, "recycled at least twice: " + perWorker);
            perWorker.forEach((pid, n) -> assertTrue(n < 45, "worker " + pid + " kept " + n + " x 4 MiB"));
            PoolStats s = pool.stats();
            assertEquals(0, s.workersCrashed(), s.toString());
            assertEquals(0, s.tasksFailed());
            assertEquals(0, s.tasksRetried(), "a recycled worker's elements are not retries");
            assertTrue(s.exits().get(WorkerExit.MEMORY) >= 2, s.toString());
        }
        assertTrue(rec.exits(WorkerExit.MEMORY) >= 2, rec.exits().toString());
        assertEquals(0, rec.exits(WorkerExit.CRASHED), rec.exits().toString());
    }
}
