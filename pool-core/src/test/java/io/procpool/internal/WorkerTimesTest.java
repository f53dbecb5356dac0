package io.procpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolStats;
import io.procpool.protocol.PayloadWriter;
import io.procpool.protocol.ProtocolException;
import io.procpool.protocol.ResultPayload;
import io.procpool.protocol.ResultStatus;
import io.procpool.protocol.RunTimeHistogram;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time accounting with a fake clock (milliseconds, as nanoseconds). */
class WorkerTimesTest {
    private static final long MS = 1_000_000;

    private static PoolStats.Times times(long startingMs, long idleMs, long runningMs, long serializingMs) {
        return new PoolStats.Times(Duration.ofMillis(startingMs), Duration.ofMillis(idleMs), Duration.ofMillis(runningMs),
                Duration.ofMillis(serializingMs));
    }

    @Test
    void startingUntilReady_thenIdleOnlyWhileNothingInFlight() {
        WorkerTimes w = new WorkerTimes(1000 * MS);
        assertEquals(times(50, 0, 0, 0), w.snapshot(1050 * MS), "still starting");
        w.ready(1100 * MS);
        assertEquals(times(100, 20, 0, 0), w.snapshot(1120 * MS), "ready, nothing sent: idle");

        w.sending(10, 1130 * MS); // idle 30 ms, then busy
        w.encoded(2 * MS);
        assertEquals(times(100, 30, 0, 2), w.snapshot(1200 * MS), "in flight: not idle");
        w.answered(4, 40 * MS, 1 * MS, 1180 * MS);
        assertEquals(times(100, 30, 40, 3), w.snapshot(1200 * MS), "6 still in flight: not idle");
        w.answered(6, 60 * MS, 1 * MS, 1250 * MS);
        assertEquals(times(100, 30 + 50, 100, 4), w.snapshot(1300 * MS), "all answered: idle again");

        w.sending(1, 1400 * MS);
        w.answered(1, 5 * MS, 0, 1410 * MS);
        assertEquals(times(100, 30 + 150, 105, 4), w.snapshot(1410 * MS));
    }

    @Test
    void end_freezesTimes_andIgnoresLaterReports() {
        WorkerTimes w = new WorkerTimes(0);
        w.ready(100 * MS);
        assertTrue(w.end(300 * MS));
        assertFalse(w.end(400 * MS), "ends once");
        w.sending(5, 500 * MS);
        w.answered(5, 50 * MS, MS, 600 * MS);
        w.encoded(MS);
        assertEquals(times(100, 200, 0, 0), w.snapshot(10_000 * MS));
    }

    @Test
    void lostBeforeReady_countsStartingUntilLoss() {
        WorkerTimes w = new WorkerTimes(0);
        w.end(70 * MS);
        w.ready(80 * MS);
        assertEquals(times(70, 0, 0, 0), w.snapshot(1000 * MS));
    }

    @Test
    void clockReadBeforeAnUpdate_neverGoesNegative() {
        WorkerTimes w = new WorkerTimes(100 * MS);
        w.ready(200 * MS);
        PoolStats.Times t = w.snapshot(150 * MS); // a stats() call that read the clock just before
        assertEquals(Duration.ZERO, t.idle());
        assertEquals(Duration.ofMillis(100), t.starting());
    }

    @Test
    void poolTotals_keepTimesOfLostWorkers_withoutCountingThemTwice() {
        PoolTimes pool = new PoolTimes();
        WorkerTimes a = new WorkerTimes(0);
        WorkerTimes b = new WorkerTimes(0);
        pool.add(a);
        pool.add(b);
        a.ready(100 * MS);
        b.ready(200 * MS);
        a.sending(3, 100 * MS);
        a.answered(3, 90 * MS, 0, 100 * MS);
        assertEquals(times(300, 100, 90, 0), pool.totals(200 * MS), "a idle since its answer at 100");

        pool.lost(a, 500 * MS); // recycled: idle 100..500
        pool.lost(a, 900 * MS); // reported again: no effect
        assertEquals(times(300, 400 + 800, 90, 0), pool.totals(1000 * MS), "a frozen at 500, b idle 200..1000");

        WorkerTimes c = new WorkerTimes(500 * MS); // the replacement
        pool.add(c);
        c.ready(600 * MS);
        c.sending(1, 600 * MS);
        c.answered(1, 7 * MS, 0, 610 * MS);
        pool.lost(b, 1000 * MS);
        assertEquals(times(300 + 100, 400 + 800 + 390, 97, 0), pool.totals(1000 * MS));
        pool.lost(c, 1000 * MS);
        assertEquals(pool.totals(1000 * MS), pool.totals(99_000 * MS), "all gone: totals stop");
    }

    private static ResultPayload frame(long... runNanos) throws ProtocolException {
        RunTimeHistogram h = new RunTimeHistogram();
        PayloadWriter items = new PayloadWriter(16);
        long sum = 0;
        for (int i = 0; i < runNanos.length; i++) {
            h.record(runNanos[i]);
            sum += runNanos[i];
            ResultPayload.itemHead(items, i + 1, ResultStatus.OK);
            items.writeBytes(new byte[] {1}, 0, 1);
        }
        PayloadWriter frame = new PayloadWriter(16);
        ResultPayload.frame(frame, runNanos.length, sum, h, items.buffer(), items.size());
        return ResultPayload.decode(frame.toByteArray(), (b, off, len) -> null);
    }

    @Test
    void taskClassTimes_percentilesPerClass_inFirstRunOrder() throws ProtocolException {
        TaskClassTimes t = new TaskClassTimes();
        t.record("p.Slow", frame(10 * MS, 20 * MS, 30 * MS));
        t.record("p.Fast", frame(1_000, 1_000, 1_000, 2_000));
        t.record("p.Slow", frame(40 * MS, 50 * MS));
        List<PoolStats.TaskTimes> s = t.snapshot();
        assertEquals(List.of("p.Slow", "p.Fast"), s.stream().map(PoolStats.TaskTimes::taskClass).toList());
        PoolStats.TaskTimes slow = s.get(0);
        assertEquals(5, slow.count());
        assertEquals(Duration.ofMillis(150), slow.total(), "total is exact");
        assertEquals(Duration.ofMillis(30), slow.mean());
        assertWithinOnePercent(30 * MS, slow.p50());
        assertWithinOnePercent(50 * MS, slow.p90());
        assertWithinOnePercent(50 * MS, slow.max());
        PoolStats.TaskTimes fast = s.get(1);
        assertEquals(4, fast.count());
        assertWithinOnePercent(1_000, fast.p50());
        assertWithinOnePercent(2_000, fast.p99());
    }

    @Test
    void taskClassTimes_beyondCap_countedAsOther() throws ProtocolException {
        TaskClassTimes t = new TaskClassTimes();
        for (int i = 0; i < TaskClassTimes.MAX_CLASSES + 10; i++) {
            t.record("p.T" + i, frame(MS));
        }
        t.record("p.T" + (TaskClassTimes.MAX_CLASSES + 5), frame(MS));
        List<PoolStats.TaskTimes> s = t.snapshot();
        assertEquals(TaskClassTimes.MAX_CLASSES, s.size());
        PoolStats.TaskTimes other = s.get(s.size() - 1);
        assertEquals(TaskClassTimes.OTHER, other.taskClass());
        assertEquals(12, other.count(), "11 classes past the cap, one of them twice");
        assertEquals(TaskClassTimes.MAX_CLASSES + 11, s.stream().mapToLong(PoolStats.TaskTimes::count).sum());
    }

    private static void assertWithinOnePercent(long expectedNanos, Duration actual) {
        long a = actual.toNanos();
        assertTrue(Math.abs(a - expectedNanos) <= expectedNanos / 100, "expected about " + expectedNanos + " ns, was " + a);
    }

    @Test
    void insights_rendersClassesWorkersAndTotals() {
        PoolStats.Times t = times(120, 3_000, 45_000, 7);
        PoolStats stats = new PoolStats(10, 0, 0, 0, 3, 0, 1,
                List.of(new PoolStats.Worker(3, 4242, 10, 0, t)), java.util.Map.of(), java.util.Map.of(), t,
                List.of(new PoolStats.TaskTimes("com.example.Thumbnail", 10, Duration.ofMillis(45), Duration.ofNanos(2_345),
                        Duration.ofMillis(3), Duration.ofMillis(3), Duration.ofSeconds(2))));
        String s = stats.insights();
        assertTrue(s.contains("com.example.Thumbnail"), s);
        assertTrue(s.matches("(?s).*Thumbnail\\s+10\\s+2\\.35 us\\s+3\\.00 ms\\s+3\\.00 ms\\s+2\\.00 s\\s+4\\.50 ms\\s+45\\.0 ms.*"), s);
        assertTrue(s.matches("(?s).*w3 \\(pid 4242\\)\\s+10\\s+120 ms\\s+3\\.00 s\\s+45\\.0 s\\s+7\\.00 ms.*"), s);
        assertTrue(s.contains("all 3 started"), s);
    }
}
