package io.procpool.it.elastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolListener.WorkerStart;
import io.procpool.PoolStats;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code minWorkers}/{@code maxWorkers}/{@code idleTimeout}: the pool grows with queued work and shrinks when idle. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(120)
class ElasticPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void minZero_openReturnsWithNoWorker_firstCallStartsThem_idleOnesRetire_nextCallStartsAgain() throws Exception {
        ReasonRecorder rec = new ReasonRecorder();
        try (WorkerPool pool = WorkerPool.builder().minWorkers(0).maxWorkers(2).idleTimeout(Duration.ofMillis(300))
                .listener(rec).open()) {
            assertEquals(List.of(), pool.workerPids(), "open() started nothing");
            assertEquals(0, pool.stats().workersStarted());

            List<Long> pids = pool.map(ElasticTasks.NapPid.class, IntStream.range(0, 8).mapToObj(i -> 50))
                    .collect(Collectors.toList());
            assertEquals(8, pids.size());
            long started = pool.stats().workersStarted();
            assertTrue(started >= 1 && started <= 2, "started " + started);

            PoolStats idle = Await.value("every worker retired for idleness", WAIT, pool::stats,
                    s -> s.workers().isEmpty());
            assertEquals(started, idle.exits().get(WorkerExit.IDLE), idle.toString());
            assertEquals(started, idle.starts().get(WorkerStart.DEMAND), idle.toString());
            assertEquals(0, idle.workersCrashed());

            long pid = pool.submit(ElasticTasks.NapPid.class, 0).get(30, TimeUnit.SECONDS);
            assertTrue(pid > 0);
            assertEquals(started + 1, pool.stats().workersStarted(), "the next call started a worker again");
            Await.until("the listener saw every start and idle exit", WAIT,
                    () -> rec.starts().size() == started + 1 && rec.exits(WorkerExit.IDLE) == started);
        }
    }

    @Test
    void minOneMaxThree_burstGrowsToTheMaximum_thenShrinksToTheMinimum_aFreeWorkerTakesWorkWithoutAStart()
            throws Exception {
        try (WorkerPool pool = WorkerPool.builder().minWorkers(1).maxWorkers(3).idleTimeout(Duration.ofMillis(300))
                .open()) {
            assertEquals(1, pool.workerPids().size(), "open() waits for the minimum only");
            assertEquals(1L, pool.stats().starts().get(WorkerStart.INITIAL));

            // Twelve 300 ms elements: the queue outlasts a worker start, so the pool grows.
            Set<Long> pids = new HashSet<>(pool.map(ElasticTasks.NapPid.class,
                    IntStream.range(0, 12).mapToObj(i -> 300)).collect(Collectors.toList()));
            assertEquals(3, pids.size(), "grew to maxWorkers: " + pids);
            assertEquals(2L, pool.stats().starts().get(WorkerStart.DEMAND));

            PoolStats shrunk = Await.value("the pool back at minWorkers", WAIT, pool::stats,
                    s -> s.workers().size() == 1);
            assertEquals(2L, shrunk.exits().get(WorkerExit.IDLE));
            assertEquals(0, shrunk.workersCrashed());

            // One free worker: a call goes straight to it, no worker is started.
            long before = pool.stats().workersStarted();
            long pid = pool.submit(ElasticTasks.NapPid.class, 0).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(pid), pool.workerPids());
            assertEquals(before, pool.stats().workersStarted());
        }
    }

    @Test
    void workers_fixedPool_neverRetiresForIdleness() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(2).idleTimeout(Duration.ofMillis(50)).open()) {
            List<Long> before = pool.workerPids();
            assertEquals(2, before.size());
            // Long enough for many idle timeouts; nothing may change (no event to wait for: a fixed
            // pool never retires, so we look again after a submit that round-trips through it).
            for (int i = 0; i < 5; i++) {
                pool.submit(ElasticTasks.NapPid.class, 100).get(30, TimeUnit.SECONDS);
            }
            assertEquals(new HashSet<>(before), new HashSet<>(pool.workerPids()));
            assertEquals(0L, pool.stats().exits().get(WorkerExit.IDLE));
        }
    }
}
