package io.procpool.internal.schedule;

import static io.procpool.internal.schedule.SchedulingFixture.fill;
import static io.procpool.internal.schedule.SchedulingFixture.ids;
import static io.procpool.internal.schedule.SchedulingFixture.readySlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.internal.Intake;
import io.procpool.internal.MapJob;
import io.procpool.internal.ScriptedIntake;
import java.util.List;
import org.junit.jupiter.api.Test;

public class DispatchTest {
    private final SchedulingFixture f = new SchedulingFixture();

    @Test
    void next_costUnknown_batchesOfOneThreeInFlight() {
        Dispatch d = new Dispatch(0, 0, 1 << 20);
        f.queue(10);
        WorkerSlot w = readySlot();
        List<Batch> sent = fill(d, f.pending, w, 1, 0);
        assertEquals(3, sent.size());
        sent.forEach(b -> assertEquals(1, b.units.length));
        assertEquals(3, w.inflightItems());
        assertEquals(7, f.pending.size());
    }

    @Test
    void next_costKnown_batchHoldsAboutOneMillisecondSplitAcrossWorkersNearTheEnd() throws Exception {
        Dispatch d = new Dispatch(0, 0, 1 << 20);
        d.recordCost(SchedulingFixture.TASK, 10_000, 10); // 1 µs per element: 1000 per batch
        assertEquals(1000, d.batchSizeFor(SchedulingFixture.TASK));
        f.queue(100);
        Batch b = d.next(f.pending, readySlot(), 2, 0);
        assertEquals(50, b.units.length, "what is left is split across the two workers");
    }

    @Test
    void next_mapInputNotEnded_takesWholeChunks_splitsOnlyWhatIsLeftAtTheEnd() {
        Dispatch d = new Dispatch(0, 0, 1 << 20);
        d.recordCost(SchedulingFixture.TASK, 1_000, 2); // 0.5 µs per element: batches of 2000
        WorkerSlot w = readySlot();
        java.util.ArrayDeque<TaskUnit> pending = new java.util.ArrayDeque<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        Intake intake = new ScriptedIntake() {
            @Override
            public void enqueue(List<TaskUnit> units) {
                pending.addAll(units);
                Batch b;
                while ((b = d.next(pending, w, 2, 0)) != null) {
                    sizes.add(b.units.length);
                    for (TaskUnit u : b.units) {
                        u.job.succeeded(u, u.index);
                    }
                }
            }
        };
        int n = 4 * MapJob.ENQUEUE_CHUNK + 904;
        MapJob job = new MapJob(intake, 8192, SchedulingFixture.TASK,
                java.util.stream.IntStream.range(0, n).boxed().iterator(), true, null);
        long[] count = {0};
        while (job.tryAdvance(v -> count[0]++)) {
            // drain
        }
        assertEquals(n, count[0]);
        int c = MapJob.ENQUEUE_CHUNK;
        assertEquals(List.of(c, c, c, c, 452), sizes.subList(0, 5), "whole chunks until the input ends, then half");
        assertEquals(n, sizes.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void recordCost_lowerSampleFollowedFasterThanHigher() {
        Dispatch d = new Dispatch(0, 0, 1 << 20);
        d.recordCost(SchedulingFixture.TASK, 100_000, 1);
        d.recordCost(SchedulingFixture.TASK, 200_000, 1); // 0.7 * 100 + 0.3 * 200 = 130 µs
        assertEquals((int) (1_000_000 / 130_000.0), d.batchSizeFor(SchedulingFixture.TASK));
        d.recordCost(SchedulingFixture.TASK, 30_000, 1); // 0.3 * 130 + 0.7 * 30 = 60 µs
        assertEquals((int) (1_000_000 / 60_000.0), d.batchSizeFor(SchedulingFixture.TASK));
    }

    @Test
    void next_differentTaskInstances_neverShareABatch_equalOnesDo() {
        Dispatch d = new Dispatch(10, 0, 1 << 20);
        TaskRef a = new TaskRef(1, Object.class, new byte[] {1});
        TaskRef b = new TaskRef(2, Object.class, new byte[] {2});
        TaskRef[] order = {a, a, b, null, null, a};
        for (int i = 0; i < order.length; i++) {
            f.pending.addLast(new TaskUnit(i + 1, f.job, i, SchedulingFixture.TASK, order[i], "p" + i));
        }
        WorkerSlot w = readySlot();

        List<Batch> sent = fill(d, f.pending, w, 1, 0);

        assertEquals(List.of(2, 1, 2, 1), sent.stream().map(x -> x.units.length).toList());
        assertSame(a, sent.get(0).units[1].instance);
        assertSame(b, sent.get(1).units[0].instance);
        assertNull(sent.get(2).units[1].instance);
        assertSame(a, sent.get(3).units[0].instance);
    }

    @Test
    void next_suspect_travelsAlone() {
        Dispatch d = new Dispatch(8, 0, 1 << 20);
        List<TaskUnit> units = f.queue(5);
        units.get(2).suspect = true;
        WorkerSlot w = readySlot();
        assertEquals(2, d.next(f.pending, w, 1, 0).units.length, "stops before the suspect");
        Batch alone = d.next(f.pending, w, 1, 0);
        assertEquals(1, alone.units.length);
        assertSame(units.get(2), alone.units[0]);
    }

    @Test
    void next_cancelledElements_dropped() {
        Dispatch d = new Dispatch(8, 0, 1 << 20);
        f.queue(3);
        f.job.cancelled = true;
        assertNull(d.next(f.pending, readySlot(), 1, 0));
        assertTrue(f.pending.isEmpty());
    }

    @Test
    void next_frameCap_limitsBatchByKnownSizes() {
        Dispatch d = new Dispatch(8, 0, 200);
        for (TaskUnit u : f.queue(4)) {
            u.bytes((unit, p) -> new byte[80]);
        }
        assertEquals(1, d.next(f.pending, readySlot(), 1, 0).units.length);
    }

    @Test
    void next_notReady_nothingSent() {
        Dispatch d = new Dispatch(0, 0, 1 << 20);
        f.queue(1);
        assertNull(d.next(f.pending, new WorkerSlot(1, 0, io.procpool.PoolListener.WorkerStart.INITIAL), 1, 0));
        assertEquals(1, f.pending.size());
    }

    @Test
    void recycling_withWorkInFlight_retiresAfterItsLastResult() throws Exception {
        Dispatch d = new Dispatch(2, 5, 1 << 20);
        f.queue(20);
        WorkerSlot w = readySlot();
        List<Batch> sent = fill(d, f.pending, w, 1, 0);
        assertEquals(List.of(2, 2, 1), sent.stream().map(b -> b.units.length).toList(), "five elements, then no room");
        assertEquals(WorkerSlot.Phase.RETIRING, w.phase());
        assertEquals(5, w.inflightItems());
        assertFalse(w.active(), "a retiring worker is replaced");
        ResultMatcher.match(w, ids(sent.get(0).units), 1);
        assertEquals(3, w.inflightItems(), "still holds work: no BYE yet");
        ResultMatcher.match(w, ids(sent.get(1).units[0], sent.get(1).units[1], sent.get(2).units[0]), 2);
        assertTrue(w.inflight.isEmpty(), "now BYE is due");
        assertNull(d.next(f.pending, w, 1, 3), "nothing more for it");
    }
}
