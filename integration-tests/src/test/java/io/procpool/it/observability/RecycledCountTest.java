package io.procpool.it.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolStats;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.observability.ObsTasks.Chaos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A worker that reaches maxTasksPerWorker and then crashes was not recycled. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class RecycledCountTest {
    @TempDir
    Path markers;

    @Test
    void stats_workerCrashesAfterReachingMaxTasks_countedAsCrashedNotRecycled() throws Exception {
        EventRecorder events = new EventRecorder();
        WorkerPool pool = WorkerPool.builder().workers(1).maxTasksPerWorker(2).maxRetries(0).batchSize(1)
                .jvmArgs("-D" + ObsTasks.MARKERS + "=" + markers).listener(events).open();
        try {
            // Both elements go to the first worker (its 2-element quota); the second halts it.
            try (Stream<Integer> results = pool.map(Chaos.class, List.of(0, ObsTasks.POISON))) {
                Iterator<Integer> it = results.iterator();
                assertEquals(0, it.next());
                assertInstanceOf(WorkerCrashedException.class, assertThrows(
                        RuntimeException.class, it::next));
            }
            events.await("the replacement worker", Duration.ofSeconds(30), r -> r.started().size() == 2);
        } finally {
            pool.close();
        }
        events.await("every started worker exited", Duration.ofSeconds(30), EventRecorder::allExited);
        PoolStats stats = pool.stats();

        assertEquals(List.of(WorkerExit.CRASHED, WorkerExit.CLOSED),
                events.exited().stream().map(EventRecorder.Exited::reason).toList(), "workerExited reasons");
        assertEquals(1, stats.workersCrashed(), "workersCrashed");
        assertEquals(events.exitedWith(WorkerExit.RECYCLED), stats.workersRecycled(),
                "workersRecycled vs workerExited(RECYCLED) calls");
    }
}
