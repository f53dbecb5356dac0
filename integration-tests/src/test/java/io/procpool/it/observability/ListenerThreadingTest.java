package io.procpool.it.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.procpool.PoolException;
import io.procpool.PoolListener;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.observability.ObsTasks.Increment;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Where listener calls run, and what a listener that throws can (not) break. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class ListenerThreadingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<Integer> INPUT = IntStream.range(0, 200).boxed().toList();
    private static final List<Integer> EXPECTED = INPUT.stream().map(x -> x + 1).toList();

    /** Throws from every method and counts how often it was called. */
    static final class ThrowingListener implements PoolListener {
        final AtomicLong calls = new AtomicLong();

        private void fail() {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug on purpose");
        }

        @Override
        public void tasksStarted(String taskClass, int count, long pid) {
            fail();
        }

        @Override
        public void tasksCompleted(String taskClass, int count, long pid) {
            fail();
        }

        @Override
        public void taskFailed(String taskClass, PoolException error) {
            fail();
        }

        @Override
        public void taskRetried(String taskClass, long index, long pid) {
            fail();
        }

        @Override
        public void workerStarted(int workerId, long pid, Duration spawnToReady) {
            fail();
        }

        @Override
        public void workerExited(int workerId, long pid, int exitCode, WorkerExit reason) {
            fail();
        }
    }

    @Test
    void listener_everyCallArrivesOnTheProcpoolEventsThread() throws Exception {
        EventRecorder events = new EventRecorder();
        WorkerPool pool = WorkerPool.builder().workers(2).listener(events).open();
        try {
            assertEquals(EXPECTED, pool.map(Increment.class, INPUT).toList());
            assertEquals(1, pool.submit(Increment.class, 0).get(30, TimeUnit.SECONDS));
        } finally {
            pool.close();
        }
        events.await("every started worker exited", WAIT, EventRecorder::allExited);

        assertEquals(INPUT.size() + 1, events.completed(), "tasksCompleted counts");
        assertTrue(events.calls() >= 2 + 1 + 2, "calls recorded: " + events.calls());
        assertEquals(Set.of("procpool-events"), events.threads(), "threads that called the listener");
    }

    @Test
    void listener_throwsOnEveryCall_poolKeepsWorkingAndLaterListenersStillCalled() throws Exception {
        ThrowingListener thrower = new ThrowingListener();
        EventRecorder events = new EventRecorder();
        List<ILoggingEvent> warnings;
        try (LogCapture log = new LogCapture("io.procpool.WorkerPool", Level.WARN)) {
            WorkerPool pool = WorkerPool.builder().workers(2).listener(thrower).listener(events).open();
            try {
                assertEquals(EXPECTED, pool.map(Increment.class, INPUT).toList());
                assertEquals(EXPECTED, pool.mapUnordered(Increment.class, INPUT).sorted().toList(),
                        "a second map after the listener threw");
                assertEquals(1, pool.submit(Increment.class, 0).get(30, TimeUnit.SECONDS));
            } finally {
                pool.close();
            }
            events.await("every started worker exited", WAIT, EventRecorder::allExited);
            warnings = log.events();
        }

        assertEquals(2 * INPUT.size() + 1, events.completed(), "the listener after the throwing one saw every element");
        assertEquals(Set.of("procpool-events"), events.threads());
        assertEquals(events.calls(), thrower.calls.get(), "the throwing listener was called for every event");
        List<ILoggingEvent> listenerWarnings = warnings.stream()
                .filter(e -> e.getFormattedMessage().contains("listener")).collect(Collectors.toList());
        assertEquals(thrower.calls.get(), listenerWarnings.size(), "one warning per exception thrown");
        ILoggingEvent first = listenerWarnings.get(0);
        assertEquals(Level.WARN, first.getLevel());
        assertEquals("listener bug on purpose", first.getThrowableProxy().getMessage(), "the warning carries the cause");
    }
}
