package io.procpool.internal.schedule;

import static io.procpool.internal.schedule.SchedulingFixture.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.PoolListener.WorkerExit;
import io.procpool.internal.Outcomes;
import io.procpool.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler as a whole, driven by scripted events and a fake clock (plain longs): no threads,
 * no processes. Each test plays a sequence of events and checks the actions that come out.
 */
public class SchedulerTest {
    private static final long MS = 1_000_000;
    private final SchedulingFixture f = new SchedulingFixture();
    private final Counters counters = new Counters();
    private long now = 1;

    private Scheduler scheduler(int workers, int batch, int maxTasksPerWorker, long timeoutNanos) {
        // A task timeout needs exact attribution (results flushed one by one), as PoolConfig sets it.
        return new Scheduler(new Scheduler.Settings(workers, 2, timeoutNanos > 0, timeoutNanos, batch,
                maxTasksPerWorker, 1 << 20, workers, 0), counters);
    }

    private Scheduler elastic(int min, int max, long idleNanos) {
        return new Scheduler(new Scheduler.Settings(max, 2, false, 0, 2, 0, 1 << 20, min, idleNanos), counters);
    }

    /** Starts the pool's workers (ids 1..n) and makes them ready. */
    private void open(Scheduler s, int workers) {
        assertEquals(workers, count(s.start(), Action.Spawn.class));
        for (int id = 1; id <= workers; id++) {
            assertTrue(s.spawned(id, now));
        }
        for (int id = 1; id <= workers; id++) {
            Actions ready = s.ready(id, now + 5 * MS);
            assertEquals(5 * MS, only(ready, Action.Started.class).tookNanos());
        }
        s.opened();
        assertEquals(PoolState.OPEN, s.state());
    }

    private static <A extends Action> List<A> all(Actions out, Class<A> type) {
        List<A> found = new ArrayList<>();
        for (Action a : out.list()) {
            if (type.isInstance(a)) {
                found.add(type.cast(a));
            }
        }
        return found;
    }

    private static int count(Actions out, Class<? extends Action> type) {
        return all(out, type).size();
    }

    private static <A extends Action> A only(Actions out, Class<A> type) {
        List<A> found = all(out, type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + out.list());
        return found.get(0);
    }

    private static List<Long> indexes(Batch b) {
        List<Long> idx = new ArrayList<>();
        for (TaskUnit u : b.units) {
            idx.add(u.index);
        }
        return idx;
    }

    private static Scheduler.Loss crash(int exit) {
        return new Scheduler.Loss(exit, false, false, false, "killed", "start failure");
    }

    private Actions enqueue(Scheduler s, int n) {
        List<TaskUnit> units = f.queue(n);
        f.pending.clear(); // the fixture's own queue is not used here
        return s.enqueue(units, now);
    }

    @Test
    void dispatch_sendsBatchesToEveryReadyWorker() {
        Scheduler s = scheduler(2, 2, 0, 0);
        open(s, 2);
        List<Action.Send> sends = all(enqueue(s, 8), Action.Send.class);
        assertEquals(List.of(1, 2), sends.stream().map(Action.Send::worker).limit(2).toList(), "one each first");
        assertEquals(java.util.Set.of(1, 2), sends.stream().map(Action.Send::worker).collect(
                java.util.stream.Collectors.toSet()));
        assertEquals(List.of(List.of(0L, 1L), List.of(2L, 3L), List.of(4L, 5L), List.of(6L), List.of(7L)),
                sends.stream().map(a -> indexes(a.batch())).toList(), "the end of the queue is split across workers");
    }

    @Test
    void lost_midBatchWithOneCandidate_culpritRetriedAloneOnTheReplacement() throws Exception {
        Scheduler s = scheduler(1, 2, 0, 0);
        open(s, 1);
        List<Action.Send> sends = all(enqueue(s, 4), Action.Send.class); // [0 1] [2 3]
        TaskUnit[] first = sends.get(0).batch().units;
        s.results(1, ids(first[0]), MS, now);

        Actions out = s.lost(1, crash(137), now);

        assertEquals(List.of(first[1]), all(out, Action.Retried.class).stream().map(Action.Retried::unit).toList());
        assertEquals(WorkerExit.CRASHED, only(out, Action.Exited.class).reason());
        assertEquals(1, count(out, Action.Spawn.class), "replaced");
        assertEquals(0, count(out, Action.Fail.class));
        assertEquals(1, counters.crashed.get());
        assertTrue(s.spawned(2, now));
        List<Action.Send> resent = all(s.ready(2, now), Action.Send.class);
        assertEquals(List.of(1L), indexes(resent.get(0).batch()), "the culprit travels alone");
        assertEquals(List.of(2L, 3L), indexes(resent.get(1).batch()), "the batch that had not started, as it was");
    }

    @Test
    void lost_midBatchWithSeveralSuspects_eachRunsAloneUntilTheCulpritIsFound() throws Exception {
        Scheduler s = scheduler(1, 3, 0, 0);
        open(s, 1);
        List<Action.Send> sends = all(enqueue(s, 3), Action.Send.class); // [0 1 2]
        assertEquals(1, sends.size());

        Actions out = s.lost(1, crash(134), now);
        assertEquals(3, count(out, Action.Retried.class), "any of the three may have run");
        assertTrue(s.spawned(2, now));
        List<Action.Send> alone = all(s.ready(2, now), Action.Send.class);
        assertEquals(List.of(List.of(0L), List.of(1L), List.of(2L)),
                alone.stream().map(a -> indexes(a.batch())).toList(), "each suspect in a batch of its own");

        // The next crash while element 1 runs pins it down: one candidate, counted.
        s.results(2, ids(alone.get(0).batch().units), MS, now);
        Actions second = s.lost(2, crash(134), now);
        TaskUnit one = alone.get(1).batch().units[0];
        assertEquals(1, one.crashes);
        assertEquals(0, alone.get(2).batch().units[0].crashes);
        assertEquals(List.of(one), all(second, Action.Retried.class).stream().map(Action.Retried::unit).toList(),
                "element 2 had not started");
    }

    @Test
    void lost_retriesExhausted_poisonFailsForGoodAndThePoolGoesOn() throws Exception {
        Scheduler s = scheduler(1, 1, 0, 0);
        open(s, 1);
        TaskUnit poison = only(enqueue(s, 1), Action.Send.class).batch().units[0];
        int worker = 1;
        for (int crash = 1; crash <= 2; crash++) {
            Actions out = s.lost(worker, crash(137), now);
            assertEquals(0, count(out, Action.Fail.class));
            worker++;
            assertTrue(s.spawned(worker, now));
            assertSame(poison, only(s.ready(worker, now), Action.Send.class).batch().units[0]);
        }
        Actions last = s.lost(worker, crash(137), now);

        Action.Fail fail = only(last, Action.Fail.class);
        assertSame(poison, fail.unit());
        assertEquals(Action.Failure.CRASHED, fail.why());
        assertEquals(3, poison.crashes);
        assertEquals(1, count(last, Action.Spawn.class), "the pool keeps its size");
        assertEquals(PoolState.OPEN, s.state());
    }

    @Test
    void tick_elementPastTheTimeout_workerKilledElementFailsRestOfBatchRunsAgain() throws Exception {
        Scheduler s = scheduler(1, 3, 0, 100 * MS);
        open(s, 1);
        Batch b = only(enqueue(s, 3), Action.Send.class).batch();
        b.writtenNanos = now;
        s.results(1, ids(b.units[0]), MS, now + 10 * MS);
        assertTrue(s.tick(now + 100 * MS).isEmpty(), "90 ms since the last result: not yet");

        Actions out = s.tick(now + 111 * MS);
        assertEquals(1, only(out, Action.Kill.class).worker());
        assertEquals(1, count(out, Action.Spawn.class), "a replacement starts at once");

        Actions lost = s.lost(1, crash(137), now + 112 * MS);
        Action.Fail fail = only(lost, Action.Fail.class);
        assertSame(b.units[1], fail.unit());
        assertEquals(Action.Failure.TIMED_OUT, fail.why());
        assertEquals(101 * MS, fail.elapsedNanos());
        assertEquals(WorkerExit.TIMED_OUT, only(lost, Action.Exited.class).reason());
        assertEquals(0, count(lost, Action.Spawn.class), "already replaced at the kill");
        assertTrue(s.spawned(2, now));
        assertEquals(List.of(2L), indexes(only(s.ready(2, now), Action.Send.class).batch()));
    }

    @Test
    void recycling_withWorkInFlight_retiresAfterItsLastAnswerAndNothingIsLost() throws Exception {
        Scheduler s = scheduler(1, 2, 4, 0);
        open(s, 1);
        Actions out = enqueue(s, 6);
        List<Action.Send> sends = all(out, Action.Send.class);
        assertEquals(2, sends.size(), "four elements: the worker's quota");
        assertEquals(1, count(out, Action.Spawn.class), "its successor starts while it finishes");
        assertTrue(s.spawned(2, now));
        assertEquals(List.of(4L, 5L), all(s.ready(2, now), Action.Send.class).stream()
                .flatMap(a -> indexes(a.batch()).stream()).toList());

        assertEquals(0, count(s.results(1, ids(sends.get(0).batch().units), MS, now), Action.Bye.class));
        Actions done = s.results(1, ids(sends.get(1).batch().units), MS, now);
        assertEquals(1, only(done, Action.Bye.class).worker());

        assertTrue(s.lossExpected(1));
        Actions gone = s.lost(1, new Scheduler.Loss(0, true, false, false, "exit 0", ""), now);
        assertEquals(WorkerExit.RECYCLED, only(gone, Action.Exited.class).reason());
        assertEquals(0, count(gone, Action.Spawn.class));
        assertEquals(1, counters.recycled.get());
        assertEquals(0, counters.crashed.get());
    }

    @Test
    void close_withWorkInFlight_drainsThenFailsOnlyWhatIsLeft() throws Exception {
        Scheduler s = scheduler(1, 2, 0, 0);
        open(s, 1);
        List<Action.Send> sends = all(enqueue(s, 8), Action.Send.class); // 6 in flight, 2 queued
        assertTrue(s.drain());
        assertThrows(PoolClosedException.class, () -> enqueue(s, 1));
        assertFalse(s.idle());
        Actions more = s.results(1, ids(sends.get(0).batch().units), MS, now);
        assertEquals(List.of(6L, 7L), indexes(only(more, Action.Send.class).batch()), "draining still dispatches");

        // The deadline passes with elements 2..7 in flight.
        Actions closing = s.closing();
        assertEquals(0, count(closing, Action.Fail.class), "nothing was queued");
        assertEquals(1, only(closing, Action.Bye.class).worker());
        Actions gone = s.lost(1, new Scheduler.Loss(143, false, false, false, "SIGTERM", ""), now);
        List<Long> failed = all(gone, Action.Fail.class).stream().map(a -> a.unit().index).toList();
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L), failed);
        assertTrue(all(gone, Action.Fail.class).stream().allMatch(a -> a.why() == Action.Failure.CLOSED));
        assertEquals(0, count(gone, Action.Spawn.class));
        assertEquals(0, counters.crashed.get(), "a kill at the close deadline is no crash");
        assertTrue(s.reaped());
        s.closed();
        assertEquals(PoolState.CLOSED, s.state());
    }

    @Test
    void results_outOfOrderOrUnknownIds_rejectedAndNothingChanges() throws Exception {
        Scheduler s = scheduler(1, 3, 0, 0);
        open(s, 1);
        TaskUnit[] b = only(enqueue(s, 3), Action.Send.class).batch().units;

        assertThrows(ProtocolException.class, () -> s.results(1, ids(b[1]), MS, now));
        assertThrows(ProtocolException.class, () -> s.results(1, new long[] {999}, MS, now));
        assertThrows(ProtocolException.class, () -> s.results(1, ids(b[0], b[1], b[2], b[0]), MS, now));
        assertThrows(ProtocolException.class, () -> s.results(7, ids(b[0]), MS, now), "no such worker");

        assertEquals(List.of(b[0], b[1], b[2]), List.of(s.results(1, ids(b), MS, now).answered()));
    }

    @Test
    void unsendableElement_answeredSkippedInItsPlace_failsAloneWithTheLocalError() throws Exception {
        Scheduler s = scheduler(1, 3, 0, 0);
        open(s, 1);
        TaskUnit[] b = only(enqueue(s, 3), Action.Send.class).batch().units;
        // The writer thread cannot serialize the middle parameter: it goes out as "skipped".
        assertNull(b[1].bytes((u, p) -> {
            throw Outcomes.local(u.className, u.index, "cannot serialize parameter of type X", null);
        }));

        TaskUnit[] answered = s.results(1, ids(b), MS, now).answered();
        assertEquals(3, answered.length, "the worker answers SKIPPED in order; the batch completes");
        PoolException e = Outcomes.failure(answered[1], io.procpool.protocol.ResultStatus.SKIPPED, null, "w1");
        assertSame(b[1].unsendable, e);
        assertTrue(s.idle());
    }

    @Test
    void startFailure_whileOpening_breaksThePoolAndEveryJobIsAborted() {
        Scheduler s = scheduler(2, 0, 0, 0);
        s.start();
        assertTrue(s.spawned(1, now));
        assertTrue(s.spawned(2, now));
        Actions out = s.lost(1, new Scheduler.Loss(1, false, false, false, "exit 1", "bad -Xfoo"), now);

        assertEquals(0, count(out, Action.StartFailed.class), "the pool breaks: Broke says it");
        assertEquals("bad -Xfoo", only(out, Action.Broke.class).cause().getCause().getMessage());
        assertEquals(2, only(out, Action.Bye.class).worker(), "the other worker is told to leave");
        assertEquals(0, count(out, Action.Spawn.class));
        assertEquals(PoolState.BROKEN, s.state());
        PoolException e = assertThrows(PoolException.class, () -> s.checkOpen());
        assertEquals("pool is broken: bad -Xfoo", e.getMessage());
    }

    @Test
    void startKilledBySignal_replacedWithBackOff() {
        Scheduler s = scheduler(1, 0, 0, 0);
        open(s, 1);
        s.lost(1, crash(137), now);
        assertTrue(s.spawned(2, now));
        Actions out = s.lost(2, crash(137), now);
        assertTrue(only(out, Action.StartFailed.class).retry());
        assertEquals(50 * MS, only(out, Action.Spawn.class).delayNanos());
    }

    @Test
    void spawnedAfterClose_refusedAndWaitedFor() {
        Scheduler s = scheduler(1, 0, 0, 0);
        s.start();
        s.closing();
        assertFalse(s.spawned(1, now), "the pool closed while the process started");
        assertFalse(s.reaped(), "close waits until it is reaped");
        s.rejectedReaped();
        assertTrue(s.reaped());
    }

    @Test
    void elastic_minZero_opensWithNoWorkerAndTheFirstWorkStartsUpToTheMaximum() {
        Scheduler s = elastic(0, 3, 1000 * MS);
        assertTrue(s.start().isEmpty());
        s.opened();
        assertEquals(PoolState.OPEN, s.state(), "nothing to wait for");

        Actions out = enqueue(s, 10);
        assertEquals(0, count(out, Action.Send.class));
        assertEquals(3, count(out, Action.Spawn.class), "queued work no worker can take: grow to the maximum");
        assertTrue(s.spawned(1, now));
        Actions ready = s.ready(1, now);
        assertFalse(all(ready, Action.Send.class).isEmpty(), "the first worker ready takes work at once");
        assertEquals(io.procpool.PoolListener.WorkerStart.DEMAND, only(ready, Action.Started.class).reason());
    }

    @Test
    void elastic_idleWorkersAboveTheMinimumRetireAfterTheIdleTimeout() throws Exception {
        Scheduler s = elastic(1, 2, 100 * MS);
        open(s, 1);
        List<Action.Send> sends = all(enqueue(s, 12), Action.Send.class);
        assertTrue(s.tick(now).isEmpty(), "work is queued: nobody is idle");
        // The demand spawn: worker 2 gets ready and takes work too.
        assertTrue(s.spawned(2, now));
        List<Action.Send> second = all(s.ready(2, now), Action.Send.class);
        assertFalse(second.isEmpty());
        long t = now + 10 * MS;
        for (Action.Send a : sends) {
            s.results(1, ids(a.batch().units), MS, t);
        }
        for (Action.Send a : second) {
            s.results(2, ids(a.batch().units), MS, t);
        }
        // Whatever is still in flight is answered; both workers are idle from t.
        drainAll(s, t);
        assertTrue(s.idle());
        assertTrue(s.tick(t + 99 * MS).isEmpty(), "not idle long enough");

        Actions out = s.tick(t + 100 * MS);
        assertEquals(1, count(out, Action.Bye.class), "one retires; the minimum stays");
        int retired = only(out, Action.Bye.class).worker();
        assertTrue(s.tick(t + 500 * MS).isEmpty(), "the other is the minimum");
        Actions gone = s.lost(retired, new Scheduler.Loss(0, true, false, false, "exit 0", ""), t + 501 * MS);
        assertEquals(io.procpool.PoolListener.WorkerExit.IDLE, only(gone, Action.Exited.class).reason());
        assertEquals(0, count(gone, Action.Spawn.class), "not replaced");
        assertEquals(1, counters.exits.get(io.procpool.PoolListener.WorkerExit.IDLE.ordinal()));
    }

    /** Answers every batch in flight on every worker until nothing is queued or in flight. */
    private void drainAll(Scheduler s, long t) throws Exception {
        boolean any = true;
        while (any) {
            any = false;
            for (WorkerSlot w : List.copyOf(s.slots())) {
                Batch b = w.inflight.peekFirst();
                if (b != null) {
                    long[] rest = new long[b.remaining()];
                    for (int i = 0; i < rest.length; i++) {
                        rest[i] = b.units[b.done + i].id;
                    }
                    s.results(w.id, rest, MS, t);
                    any = true;
                }
            }
        }
    }

    @Test
    void memoryExceeded_retiresAtOnceAndWhatItHeldRunsElsewhereNotFailed() throws Exception {
        Scheduler s = scheduler(1, 2, 0, 0);
        open(s, 1);
        List<Action.Send> sends = all(enqueue(s, 6), Action.Send.class); // [0 1] [2 3] [4 5]
        s.results(1, ids(sends.get(0).batch().units[0]), MS, now); // 1 is running

        Actions out = s.memoryExceeded(1, now);
        assertEquals(1, only(out, Action.Bye.class).worker(), "BYE now: it finishes element 1 and exits");
        assertEquals(1, count(out, Action.Spawn.class));
        assertTrue(s.lossExpected(1));
        s.results(1, ids(sends.get(0).batch().units[1]), MS, now); // element 1 answered before the exit

        Actions gone = s.lost(1, new Scheduler.Loss(0, true, false, false, "exit 0", ""), now);
        assertEquals(io.procpool.PoolListener.WorkerExit.MEMORY, only(gone, Action.Exited.class).reason());
        assertEquals(0, count(gone, Action.Fail.class));
        assertEquals(0, count(gone, Action.Retried.class), "they had not run");
        assertEquals(0, counters.crashed.get());
        assertTrue(s.spawned(2, now));
        assertEquals(List.of(2L, 3L, 4L, 5L), all(s.ready(2, now), Action.Send.class).stream()
                .flatMap(a -> indexes(a.batch()).stream()).toList());
    }

    @Test
    void cancelRunning_killsTheWorkerRunningItAndTheOthersItHeldRunAgain() throws Exception {
        Scheduler s = scheduler(1, 1, 0, 0);
        open(s, 1);
        FutureLike cancelled = new FutureLike();
        TaskUnit slow = new TaskUnit(100, cancelled, -1, SchedulingFixture.TASK, null, "slow");
        only(s.enqueue(List.of(slow), now), Action.Send.class).batch().writtenNanos = now;
        List<Action.Send> others = all(enqueue(s, 2), Action.Send.class);
        assertEquals(2, others.size(), "three batches of one per worker: the slow one and two more");

        cancelled.cancelled = true;
        cancelled.stopRunning();
        Actions out = s.cancelRunning(cancelled, now);
        assertEquals(1, only(out, Action.Kill.class).worker());
        assertEquals(1, count(out, Action.Spawn.class));

        Actions gone = s.lost(1, crash(137), now);
        assertEquals(io.procpool.PoolListener.WorkerExit.CANCELLED, only(gone, Action.Exited.class).reason());
        assertEquals(0, count(gone, Action.Fail.class));
        assertEquals(0, counters.crashed.get(), "a kill for a cancel is no crash");
        assertTrue(s.spawned(2, now));
        assertEquals(List.of(0L, 1L), all(s.ready(2, now), Action.Send.class).stream()
                .flatMap(a -> indexes(a.batch()).stream()).toList(), "the cancelled element is gone");
    }

    @Test
    void cancelledElementWaitingOnAWorker_killedWhenItComesToRun() throws Exception {
        Scheduler s = scheduler(1, 1, 0, 0);
        open(s, 1);
        Batch firstBatch = only(enqueue(s, 1), Action.Send.class).batch();
        firstBatch.writtenNanos = now;
        TaskUnit first = firstBatch.units[0];
        FutureLike cancelled = new FutureLike();
        only(s.enqueue(List.of(new TaskUnit(100, cancelled, -1, SchedulingFixture.TASK, null, "next")), now),
                Action.Send.class).batch().writtenNanos = now;
        cancelled.cancelled = true;
        cancelled.stopRunning();
        assertTrue(s.cancelRunning(cancelled, now).isEmpty(), "not running yet: nothing to kill");

        Actions out = s.results(1, ids(first), MS, now);
        assertEquals(1, only(out, Action.Kill.class).worker(), "now it runs");
    }

    @Test
    void cancelRunning_whichElementRunsIsNotKnown_nothingIsKilled() throws Exception {
        Scheduler s = scheduler(1, 2, 0, 0); // batches of two, results may be held until a batch ends
        open(s, 1);
        FutureLike cancelled = new FutureLike();
        TaskUnit other = new TaskUnit(100, f.job, 0, SchedulingFixture.TASK, null, "a");
        TaskUnit mine = new TaskUnit(101, cancelled, -1, SchedulingFixture.TASK, null, "b");
        only(s.enqueue(List.of(other, mine), now), Action.Send.class).batch().writtenNanos = now;
        cancelled.cancelled = true;
        cancelled.stopRunning();

        assertTrue(s.cancelRunning(cancelled, now).isEmpty(), "the worker may be running the other element");
        Actions out = s.results(1, ids(other), MS, now);
        assertEquals(1, only(out, Action.Kill.class).worker(), "the other answered: the cancelled one runs");
    }

    @Test
    void spawnFailedWhileOpen_retriedWithBackOff_thirdInARowBreaksThePool() {
        Scheduler s = scheduler(1, 0, 0, 0);
        open(s, 1);
        s.lost(1, crash(137), now); // asks for a replacement
        PoolException cannot = new PoolException("cannot start worker process: error=11", null);
        Actions first = s.spawnFailed(cannot, now);
        assertTrue(only(first, Action.StartFailed.class).retry());
        assertEquals(100 * MS, only(first, Action.Spawn.class).delayNanos());
        assertEquals(PoolState.OPEN, s.state());
        assertTrue(only(s.spawnFailed(cannot, now), Action.StartFailed.class).retry());
        Actions third = s.spawnFailed(cannot, now);
        assertSame(cannot, only(third, Action.Broke.class).cause().getCause());
        assertEquals(PoolState.BROKEN, s.state());
    }

    @Test
    void protocolErrorFromAReadyWorker_aCrashNotAFailedStart() {
        Scheduler s = scheduler(1, 1, 0, 0);
        open(s, 1);
        only(enqueue(s, 1), Action.Send.class).batch().writtenNanos = now;
        for (int i = 0; i < 5; i++) { // more than the start back-off would allow
            Actions out = s.lost(s.slots().get(0).id, new Scheduler.Loss(137, false, true, false, "bad bytes", ""),
                    now);
            assertEquals(0, count(out, Action.StartFailed.class));
            assertEquals(0, only(out, Action.Spawn.class).delayNanos(), "no start back-off");
            assertTrue(s.spawned(10 + i, now));
            s.ready(10 + i, now);
        }
        assertEquals(PoolState.OPEN, s.state());
    }

    /** A job like a {@code submit}'s, cancelled by the test. */
    private static final class FutureLike extends Job {
        boolean cancelled;

        @Override
        public void succeeded(TaskUnit unit, Object value) {}

        @Override
        public void failed(TaskUnit unit, PoolException error) {}

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void abort(PoolException cause, boolean discardArrived) {}
    }
}
