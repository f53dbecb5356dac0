package io.procpool.it.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolException;
import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolStats;
import io.procpool.TaskFailedException;
import io.procpool.TaskTimeoutException;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.observability.EventRecorder.Exited;
import io.procpool.it.observability.EventRecorder.Failed;
import io.procpool.it.observability.ObsTasks.Chaos;
import io.procpool.it.observability.ObsTasks.ChaosException;
import io.procpool.it.observability.ObsTasks.Hang;
import io.procpool.it.observability.ObsTasks.Increment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link io.procpool.PoolListener} events and {@link WorkerPool#stats()} agree with each other and
 * with what the tasks really did: failures, crashes that succeed on retry, a poison input,
 * recycling and a timeout, each counted exactly once.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(90)
class ListenerAndStatsTest {
    private static final int INPUTS = 300;
    private static final int WORKERS = 2;
    private static final int TASKS_PER_WORKER = 40;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path markers;

    @Test
    void map_failuresCrashesPoisonAndRecycling_listenerAndStatsCountExactlyWhatHappened() throws Exception {
        EventRecorder events = new EventRecorder();
        WorkerPool pool = WorkerPool.builder().workers(WORKERS).maxRetries(1).maxTasksPerWorker(TASKS_PER_WORKER)
                .jvmArgs("-D" + ObsTasks.MARKERS + "=" + markers).listener(events).open();
        int expectedThrown = (int) IntStream.range(0, INPUTS).filter(ObsTasks::throwsOn).count();
        int expectedFailed = expectedThrown + 1; // + the poison input
        int expectedCompleted = INPUTS - expectedFailed;
        PoolStats before;
        try {
            Map<Integer, Object> outcomes = runAll(pool);

            // The results themselves: every element accounted for with the right value or error.
            for (int x = 0; x < INPUTS; x++) {
                Object o = outcomes.get(x);
                if (x == ObsTasks.POISON) {
                    WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class, o, "input " + x);
                    assertEquals(2, e.attempts(), "poison input runs once plus maxRetries(1)");
                    assertEquals(ObsTasks.CRASH_EXIT, e.exitCode());
                } else if (ObsTasks.throwsOn(x)) {
                    TaskFailedException e = assertInstanceOf(TaskFailedException.class, o, "input " + x);
                    assertEquals(ChaosException.class.getName(), e.remoteClassName());
                } else {
                    assertEquals(ObsTasks.chaosResult(x), o, "input " + x);
                }
            }

            // Wait, on listener events, until the pool is at rest: every outcome delivered and
            // exactly WORKERS live workers, none of them retiring (so no replacement is starting).
            events.await("all outcomes and " + WORKERS + " settled workers", WAIT, r -> r.completed() == expectedCompleted
                    && r.failed().size() == expectedFailed && r.livePids().size() == WORKERS
                    && r.livePids().stream().allMatch(pid -> r.sentPerPid().getOrDefault(pid, 0L) < TASKS_PER_WORKER));
            before = pool.stats();
        } finally {
            pool.close();
        }
        events.await("every started worker exited", WAIT, EventRecorder::allExited);
        PoolStats stats = pool.stats();
        int crashesCaused = crashMarkers();

        // Element counters: exact.
        assertEquals(expectedCompleted, stats.tasksCompleted(), "tasksCompleted");
        assertEquals(expectedFailed, stats.tasksFailed(), "tasksFailed");
        assertEquals(0, stats.tasksTimedOut(), "tasksTimedOut");
        assertEquals(stats.tasksCompleted(), events.completed(), "sum of listener tasksCompleted counts");

        List<Failed> failed = events.failed();
        assertEquals(stats.tasksFailed(), failed.size(), "taskFailed calls");
        List<Long> thrownIndexes = new ArrayList<>();
        List<Long> crashedIndexes = new ArrayList<>();
        for (Failed f : failed) {
            assertEquals(Chaos.class.getName(), f.taskClass());
            if (f.error() instanceof TaskFailedException t) {
                assertEquals(ChaosException.class.getName(), t.remoteClassName());
                thrownIndexes.add(t.index());
            } else {
                assertInstanceOf(WorkerCrashedException.class, f.error(), "taskFailed error type");
                crashedIndexes.add(f.error().index());
            }
        }
        assertEquals(IntStream.range(0, INPUTS).filter(ObsTasks::throwsOn).asLongStream().boxed().toList(),
                thrownIndexes.stream().sorted().toList(), "indexes of taskFailed(TaskFailedException)");
        assertEquals(List.of((long) ObsTasks.POISON), crashedIndexes, "indexes of taskFailed(WorkerCrashedException)");

        // Retries: one listener call per counted retry; at least the 3 crash-once inputs and the
        // poison's first crash (batching can make more elements suspects, never fewer).
        assertEquals(stats.tasksRetried(), events.retried().size(), "taskRetried calls");
        Set<Long> retriedIndexes = events.retried().stream().map(EventRecorder.Retried::index)
                .collect(Collectors.toSet());
        for (int x : ObsTasks.CRASH_ONCE) {
            assertTrue(retriedIndexes.contains((long) x), "crash-once input " + x + " retried: " + retriedIndexes);
        }
        assertTrue(retriedIndexes.contains((long) ObsTasks.POISON), "poison input retried once: " + retriedIndexes);
        assertTrue(stats.tasksRetried() >= ObsTasks.CRASH_ONCE.size() + 1, "tasksRetried " + stats.tasksRetried());

        // Workers: crashes are exactly the halts the task performed.
        assertTrue(crashesCaused >= ObsTasks.CRASH_ONCE.size() + 2, "halts recorded by the task: " + crashesCaused);
        assertEquals(crashesCaused, stats.workersCrashed(), "workersCrashed");
        assertEquals(crashesCaused, events.exitedWith(WorkerExit.CRASHED), "workerExited(CRASHED) calls");
        for (Exited e : events.exited()) {
            if (e.reason() == WorkerExit.CRASHED) {
                assertEquals(ObsTasks.CRASH_EXIT, e.exitCode(), "exit code of crashed worker " + e);
            }
        }
        assertEquals(0, events.exitedWith(WorkerExit.TIMED_OUT));
        assertEquals(WORKERS, events.exitedWith(WorkerExit.CLOSED), "workerExited(CLOSED) calls at close()");
        assertEquals(Set.copyOf(pidsOf(before)), events.exited().stream().filter(e -> e.reason() == WorkerExit.CLOSED)
                .map(Exited::pid).collect(Collectors.toSet()), "the workers closed are the live ones before close()");

        // Recycling: a worker retires exactly when it has been sent TASKS_PER_WORKER elements.
        Map<Long, Long> sent = events.sentPerPid();
        Set<Long> retired = sent.entrySet().stream().filter(e -> e.getValue() == TASKS_PER_WORKER)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertTrue(sent.values().stream().allMatch(n -> n <= TASKS_PER_WORKER), "sent per worker " + sent);
        // A worker counts as recycled when it retired cleanly; one that crashed on its last elements is a crash.
        long retiredThenCrashed = events.exited().stream()
                .filter(e -> e.reason() == WorkerExit.CRASHED && retired.contains(e.pid())).count();
        assertEquals(retired.size() - retiredThenCrashed, stats.workersRecycled(),
                "workersRecycled vs workers sent " + TASKS_PER_WORKER + " that did not crash");
        assertEquals(stats.workersRecycled(), events.exitedWith(WorkerExit.RECYCLED), "workerExited(RECYCLED) calls");
        events.exited().stream().filter(e -> e.reason() == WorkerExit.RECYCLED).forEach(e -> {
            assertEquals(0, e.exitCode(), "recycled worker exits cleanly: " + e);
            assertTrue(retired.contains(e.pid()), "recycled worker had " + TASKS_PER_WORKER + " elements: " + e);
        });
        // 300 elements plus retries: the workers that were not recycled hold at most 39 each.
        long totalSent = sent.values().stream().mapToLong(Long::longValue).sum();
        long notRecycled = stats.workersStarted() - retired.size();
        assertTrue(totalSent >= INPUTS + stats.tasksRetried(), "elements sent " + totalSent);
        long minRecycled = Math.max(1, -Math.floorDiv(-(totalSent - (TASKS_PER_WORKER - 1) * notRecycled),
                TASKS_PER_WORKER));
        assertTrue(stats.workersRecycled() + retiredThenCrashed >= minRecycled,
                "workersRecycled " + stats.workersRecycled() + " < " + minRecycled);

        // Every start was reported, every started worker exited, and each loss was replaced once.
        assertEquals(stats.workersStarted(), events.started().size(), "workerStarted calls");
        assertEquals(stats.workersStarted(), events.exited().size(), "workerExited calls");
        assertEquals(WORKERS + stats.workersCrashed() + stats.workersRecycled(),
                stats.workersStarted(), "workersStarted = initial + replacements");
        assertEquals(new TreeSet<>(events.started().stream().map(EventRecorder.Started::id).toList()),
                new TreeSet<>(events.exited().stream().map(Exited::id).toList()), "worker ids started vs exited");
        assertEquals(List.of(), stats.workers(), "live workers after close()");
    }

    @Test
    void submit_taskPastTimeout_countedAsTimedOutAndWorkerExitsTimedOut() throws Exception {
        EventRecorder events = new EventRecorder();
        WorkerPool pool = WorkerPool.builder().workers(1).taskTimeout(Duration.ofSeconds(1)).listener(events).open();
        long hungPid;
        try {
            hungPid = pool.workerPids().get(0);
            CompletableFuture<Integer> hung = pool.submit(Hang.class, 1);
            ExecutionException ex = assertThrows(ExecutionException.class, () -> hung.get(30, TimeUnit.SECONDS));
            TaskTimeoutException timeout = assertInstanceOf(TaskTimeoutException.class, ex.getCause());
            assertEquals(hungPid, timeout.pid());
            // The replacement worker serves the next element; once it answered, no spawn is pending.
            assertEquals(8, pool.submit(Increment.class, 7).get(30, TimeUnit.SECONDS));
            events.await("the success", WAIT, r -> r.completed() == 1 && r.started().size() == 2);
        } finally {
            pool.close();
        }
        events.await("every started worker exited", WAIT, EventRecorder::allExited);
        PoolStats stats = pool.stats();

        assertEquals(1, stats.tasksTimedOut(), "tasksTimedOut");
        assertEquals(1, stats.tasksFailed(), "tasksFailed (includes the timeout)");
        assertEquals(1, stats.tasksCompleted(), "tasksCompleted");
        assertEquals(0, stats.tasksRetried(), "a timed-out element is not retried");
        assertEquals(1, stats.workersCrashed(), "workersCrashed counts the killed worker");
        assertEquals(2, stats.workersStarted(), "workersStarted");
        assertEquals(0, stats.workersRecycled(), "workersRecycled");

        List<Failed> failed = events.failed();
        assertEquals(1, failed.size(), "taskFailed calls");
        assertInstanceOf(TaskTimeoutException.class, failed.get(0).error());
        assertEquals(Hang.class.getName(), failed.get(0).taskClass());
        List<Exited> exited = events.exited();
        assertEquals(List.of(WorkerExit.TIMED_OUT, WorkerExit.CLOSED), exited.stream().map(Exited::reason).toList(),
                "workerExited reasons in order: " + exited);
        assertEquals(hungPid, exited.get(0).pid(), "the timed-out worker is the one that ran the hung task");
        assertEquals(0, events.retried().size(), "taskRetried calls");
    }

    /** Maps {@link Chaos} over the inputs; returns each index's result or the exception it threw. */
    private static Map<Integer, Object> runAll(WorkerPool pool) {
        Map<Integer, Object> out = new TreeMap<>();
        try (Stream<Integer> results = pool.map(Chaos.class, IntStream.range(0, INPUTS).boxed())) {
            Iterator<Integer> it = results.iterator();
            int i = 0;
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    out.put(i, it.next());
                } catch (PoolException e) {
                    out.put(i, e);
                }
                i++;
            }
        }
        assertEquals(INPUTS, out.size(), "outcomes");
        return out;
    }

    private int crashMarkers() throws IOException {
        try (Stream<Path> files = Files.list(markers)) {
            return (int) files.filter(p -> p.getFileName().toString().startsWith("crash-")).count();
        }
    }

    private static List<Long> pidsOf(PoolStats stats) {
        return stats.workers().stream().map(PoolStats.Worker::pid).toList();
    }
}
