package io.procpool.internal.schedule;

import static io.procpool.internal.schedule.SchedulingFixture.fill;
import static io.procpool.internal.schedule.SchedulingFixture.ids;
import static io.procpool.internal.schedule.SchedulingFixture.readySlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blame, retries and timeouts, driven by scripted events and a fake clock (plain longs). */
public class AttributionTest {
    private static final long MS = 1_000_000;
    private final SchedulingFixture f = new SchedulingFixture();

    @Test
    void lost_lastElementOfBatchRunning_culpritCountedAndRetriedAloneLaterBatchesRequeued() throws Exception {
        List<TaskUnit> u = f.queue(6);
        WorkerSlot w = readySlot();
        fill(new Dispatch(2, 0, 1 << 20), f.pending, w, 1, 0); // [0 1] [2 3] [4 5]
        ResultMatcher.match(w, ids(u.get(0)), 1);

        Attribution.Plan plan = Attribution.onLoss(w, false, 2);

        assertNull(plan.failed());
        assertEquals(u.subList(1, 6), plan.requeue(), "culprit first, then the batches that had not started");
        assertEquals(List.of(u.get(1)), plan.retried());
        assertEquals(1, u.get(1).crashes);
        assertTrue(u.get(1).suspect, "the culprit runs alone");
        assertFalse(u.get(2).suspect);
        assertTrue(w.inflight.isEmpty());
    }

    @Test
    void lost_severalMightHaveBeenRunning_allSuspectsNoCrashCounted() throws Exception {
        List<TaskUnit> u = f.queue(8);
        WorkerSlot w = readySlot();
        fill(new Dispatch(4, 0, 1 << 20), f.pending, w, 1, 0); // [0..3] [4..7]
        ResultMatcher.match(w, ids(u.get(0)), 1);

        Attribution.Plan plan = Attribution.onLoss(w, false, 2);

        assertNull(plan.failed());
        assertEquals(u.subList(1, 8), plan.requeue());
        assertEquals(u.subList(1, 4), plan.retried());
        for (int i = 1; i < 4; i++) {
            assertTrue(u.get(i).suspect);
            assertEquals(0, u.get(i).crashes);
        }
        assertFalse(u.get(4).suspect);

        // The suspects travel one per batch: the next crash pins the culprit down.
        ArrayDeque<TaskUnit> pending = new ArrayDeque<>(plan.requeue());
        Dispatch d = new Dispatch(4, 0, 1 << 20);
        WorkerSlot next = readySlot();
        Batch alone = d.next(pending, next, 1, 2);
        assertEquals(1, alone.units.length);
        Attribution.Plan second = Attribution.onLoss(next, false, 2);
        assertEquals(1, u.get(1).crashes);
        assertEquals(List.of(u.get(1)), second.retried());
    }

    @Test
    void lost_retriesExhausted_poisonFailsForGood() {
        TaskUnit poison = f.queue(1).get(0);
        Dispatch d = new Dispatch(0, 0, 1 << 20);
        for (int attempt = 1; attempt <= 3; attempt++) {
            WorkerSlot w = readySlot();
            assertSame(poison, d.next(f.pending, w, 1, attempt).units[0]);
            Attribution.Plan plan = Attribution.onLoss(w, false, 2);
            if (attempt <= 2) {
                assertNull(plan.failed(), "attempt " + attempt);
                assertEquals(List.of(poison), plan.retried());
                f.pending.addAll(plan.requeue());
            } else {
                assertSame(poison, plan.failed());
                assertFalse(plan.timedOut());
                assertTrue(plan.requeue().isEmpty());
            }
        }
        assertEquals(3, poison.crashes);
    }

    @Test
    void lost_maxRetriesZero_exactAttributionFailsAtFirstCrashOthersUntouched() throws Exception {
        List<TaskUnit> u = f.queue(3);
        WorkerSlot w = readySlot();
        fill(new Dispatch(3, 0, 1 << 20), f.pending, w, 1, 0);
        ResultMatcher.match(w, ids(u.get(0)), 1);

        Attribution.Plan plan = Attribution.onLoss(w, true, 0);

        assertSame(u.get(1), plan.failed());
        assertEquals(List.of(u.get(2)), plan.requeue(), "had not started: re-queued, not retried");
        assertTrue(plan.retried().isEmpty());
        assertFalse(u.get(2).suspect);
    }

    @Test
    void timeout_duringBatch_runningElementFailsOthersRequeued() throws Exception {
        List<TaskUnit> u = f.queue(3);
        WorkerSlot w = readySlot();
        fill(new Dispatch(3, 0, 1 << 20), f.pending, w, 1, 1); // on the pipe at t = 1 ns
        ResultMatcher.match(w, ids(u.get(0)), 10 * MS);

        assertFalse(Attribution.timedOut(w, 109 * MS, 100 * MS), "counted from the previous result");
        assertTrue(Attribution.timedOut(w, 111 * MS, 100 * MS));
        assertEquals(WorkerSlot.Phase.TIMED_OUT, w.phase());
        assertEquals(101 * MS, w.timeoutElapsedNanos);
        assertEquals(u.get(1).id, w.timeoutUnitId);
        assertFalse(w.active(), "replaced at once");
        assertFalse(Attribution.timedOut(w, 500 * MS, 100 * MS), "decided once");

        Attribution.Plan plan = Attribution.onLoss(w, true, 2);
        assertSame(u.get(1), plan.failed());
        assertTrue(plan.timedOut());
        assertEquals(List.of(u.get(2)), plan.requeue());
    }

    @Test
    void timeout_slowElementAnsweredBeforeTheKill_nextOneRunsAgainUncounted() throws Exception {
        List<TaskUnit> u = f.queue(2);
        WorkerSlot w = readySlot();
        fill(new Dispatch(2, 0, 1 << 20), f.pending, w, 1, 1);
        assertTrue(Attribution.timedOut(w, 200 * MS, 100 * MS));
        ResultMatcher.match(w, ids(u.get(0)), 201 * MS); // arrived before the SIGKILL landed

        Attribution.Plan plan = Attribution.onLoss(w, true, 2);

        assertNull(plan.failed());
        assertEquals(List.of(u.get(1)), plan.requeue());
        assertEquals(List.of(u.get(1)), plan.retried());
        assertEquals(0, u.get(1).crashes);
    }

    @Test
    void timeout_batchNotYetOnThePipe_clockNotStarted() {
        f.queue(1);
        WorkerSlot w = readySlot();
        new Dispatch(0, 0, 1 << 20).next(f.pending, w, 1, 0); // writtenNanos still 0
        assertFalse(Attribution.timedOut(w, 10_000 * MS, 100 * MS));
    }

    @Test
    void lost_cancelledJob_nothingRequeued() throws Exception {
        f.queue(4);
        WorkerSlot w = readySlot();
        fill(new Dispatch(2, 0, 1 << 20), f.pending, w, 1, 0);
        f.job.cancelled = true;
        Attribution.Plan plan = Attribution.onLoss(w, false, 2);
        assertTrue(plan.requeue().isEmpty());
        assertTrue(plan.retried().isEmpty());
    }

    @Test
    void lost_nothingInFlight_nothingToDo() {
        assertSame(Attribution.Plan.NOTHING, Attribution.onLoss(readySlot(), false, 2));
    }
}
