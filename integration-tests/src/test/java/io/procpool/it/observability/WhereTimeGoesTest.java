package io.procpool.it.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolStats;
import io.procpool.Task;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PoolStats} "where the time goes" on real workers: elements with known minimum run times
 * give run-time percentiles and per-worker times that are plausible and agree with each other, and
 * the times of recycled workers stay in the pool's totals. Bounds are one-sided where the machine's
 * load can only make a figure larger (a sleep never ends early), and the other side is generous.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(120)
class WhereTimeGoesTest {
    /** Sleeps for at least the given number of milliseconds (never less, even if woken early). */
    public static final class SleepAtLeast implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000L;
            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
            return millis;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A bucket midpoint is within 1/128 of any value in its bucket; round down a little more. */
    private static final double BUCKET = 0.985;

    private static long ms(Duration d) {
        return d.toMillis();
    }

    private static PoolStats.Worker worker(PoolStats s, int id) {
        return s.workers().stream().filter(w -> w.id() == id).findFirst().orElseThrow(() -> new AssertionError("no w" + id));
    }

    @Test
    void map_knownRunTimes_percentilesAndWorkerTimesPlausibleAndConsistent() throws Exception {
        List<Integer> input = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            input.add(20);
        }
        for (int i = 0; i < 10; i++) {
            input.add(60);
        }
        Collections.shuffle(input, new Random(13));
        long known = input.stream().mapToLong(Integer::longValue).sum(); // 1,200 ms

        long beforeOpen = System.nanoTime();
        try (WorkerPool pool = WorkerPool.builder().workers(2).open()) {
            assertEquals(input, pool.map(SleepAtLeast.class, input).collect(Collectors.toList()));
            long beforeS1 = System.nanoTime();
            PoolStats s1 = pool.stats();
            long age = System.nanoTime() - beforeOpen;

            // Per task class: percentiles from the workers' own measurements.
            assertEquals(1, s1.taskTimes().size(), s1.taskTimes().toString());
            PoolStats.TaskTimes t = s1.taskTimes().get(0);
            assertEquals(SleepAtLeast.class.getName(), t.taskClass());
            assertEquals(40, t.count());
            assertTrue(ms(t.total()) >= known, "total " + t.total() + " >= known " + known + " ms");
            assertTrue(t.p50().toNanos() >= 20e6 * BUCKET, "p50 " + t.p50() + " from the 20 ms elements");
            // Only an overshoot of 39 ms on more than half the 20 ms sleeps would break this.
            assertTrue(t.p50().toNanos() < 59e6, "p50 " + t.p50() + " from the 20 ms elements");
            assertTrue(t.p90().toNanos() >= 60e6 * BUCKET, "p90 " + t.p90() + " among the 60 ms elements (25% of them)");
            assertTrue(t.p99().compareTo(t.p90()) >= 0 && t.max().compareTo(t.p99()) >= 0, t.toString());
            assertTrue(t.max().toNanos() >= 60e6 * BUCKET, "max " + t.max());

            // Per worker: starting, idle and running are disjoint stretches of its life.
            assertEquals(2, s1.workers().size());
            long running = 0;
            for (PoolStats.Worker w : s1.workers()) {
                PoolStats.Times wt = w.times();
                assertTrue(wt.starting().toMillis() >= 1, "a JVM takes time to start: " + w);
                long parts = wt.starting().toNanos() + wt.idle().toNanos() + wt.running().toNanos();
                assertTrue(parts <= age, "starting + idle + running " + parts + " ns <= its age " + age + " ns: " + w);
                running += wt.running().toNanos();
            }
            assertEquals(t.total().toNanos(), running, "workers' running time = the elements' run times");
            assertEquals(s1.times().running().toNanos(), running, "no worker lost yet: totals are the workers' sums");
            assertTrue(s1.times().serializing().toNanos() > 0, "40 parameters encoded, 40 results decoded");
            assertTrue(s1.insights().contains("SleepAtLeast"), s1.insights());

            // One more element: while one worker runs it, the other is idle throughout.
            assertEquals(100, pool.submit(SleepAtLeast.class, 100).get().intValue());
            PoolStats s2 = pool.stats();
            long elapsed = System.nanoTime() - beforeS1;
            PoolStats.Worker ran = null;
            PoolStats.Worker rested = null;
            for (PoolStats.Worker w : s2.workers()) {
                long dRun = w.times().running().toNanos() - worker(s1, w.id()).times().running().toNanos();
                if (dRun > 0) {
                    ran = w;
                } else {
                    rested = w;
                }
            }
            assertTrue(ran != null && rested != null, "one worker ran the element: " + s1.workers() + " -> " + s2.workers());
            long dRunning = ran.times().running().toNanos() - worker(s1, ran.id()).times().running().toNanos();
            long dIdleRan = ran.times().idle().toNanos() - worker(s1, ran.id()).times().idle().toNanos();
            long dIdleRested = rested.times().idle().toNanos() - worker(s1, rested.id()).times().idle().toNanos();
            assertTrue(dRunning >= 100_000_000L, "ran at least 100 ms: " + dRunning);
            assertTrue(dIdleRested >= dRunning, "the other worker idled through it: idle +" + dIdleRested
                    + " ns while the element ran " + dRunning + " ns");
            assertTrue(dIdleRan + dRunning <= elapsed, "the running worker's idle +" + dIdleRan + " and running +"
                    + dRunning + " fit in the " + elapsed + " ns between the snapshots");
            assertEquals(41, s2.taskTimes().get(0).count());
        }
    }

    @Test
    void map_recycledWorkers_theirTimesStayInTheTotals() throws Exception {
        WorkerPool pool = WorkerPool.builder().workers(1).maxTasksPerWorker(5).open();
        PoolStats settled;
        try {
            List<Integer> out = pool.map(SleepAtLeast.class, IntStream.range(0, 15).mapToObj(i -> 10))
                    .collect(Collectors.toList());
            assertEquals(15, out.size());
            // Three workers ran five elements each and retired; a fourth replaces the third.
            settled = Await.value("the fourth worker, alone", WAIT, pool::stats,
                    s -> s.workersStarted() == 4 && s.workers().size() == 1 && s.workers().get(0).id() == 4);
        } finally {
            pool.close();
        }
        PoolStats.TaskTimes t = settled.taskTimes().get(0);
        assertEquals(15, t.count());
        assertTrue(ms(t.total()) >= 150, "15 elements of at least 10 ms: " + t.total());
        assertEquals(t.total(), settled.times().running(), "the retired workers' running time is in the totals");
        assertEquals(Duration.ZERO, settled.workers().get(0).times().running(), "the live worker ran nothing");
        assertTrue(settled.times().starting().compareTo(settled.workers().get(0).times().starting()) > 0,
                "totals hold the retired workers' start-up too: " + settled.times());
        assertEquals(3, settled.workersRecycled());

        PoolStats closed = pool.stats();
        assertEquals(settled.times().running(), closed.times().running(), "closing keeps the totals");
        assertTrue(closed.times().idle().compareTo(settled.times().idle()) >= 0, closed.times().toString());
        assertTrue(closed.workers().isEmpty(), closed.workers().toString());
        assertEquals(closed.times(), pool.stats().times(), "every worker gone: the totals stop growing");
    }
}
