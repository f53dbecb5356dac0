package io.procpool.it.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolStats;
import io.procpool.TaskFailedException;
import io.procpool.TaskTimeoutException;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.soak.SoakTask.Kind;
import io.procpool.it.soak.SoakTask.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived service in miniature: one pool serves four caller threads for
 * {@code procpool.soak.seconds} (default 30) with ordered and unordered maps, submits, failing and
 * abandoned calls, poison elements, timeouts, recycling, and tasks that shell out or leave a
 * daemon behind. Every outcome must be right, and the floor of threads, file descriptors, heap
 * after GC and child processes must be no higher in the last third of the run than in the first.
 */
@ExtendWith(NoLeftoverWorkers.class)
class SoakTest {
    private static final long SECONDS = Long.getLong("procpool.soak.seconds", 30);

    private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    private final AtomicLong checked = new AtomicLong();

    @Test
    @Timeout(value = 240)
    void oneService_fourCallersMixedWork_outcomesRightAndResourcesFlat(@TempDir Path dir) throws Exception {
        WorkerPool pool = WorkerPool.builder().workers(2).taskTimeout(Duration.ofSeconds(3)).maxTasksPerWorker(400)
                .maxRetries(2).open();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        ResourceSampler sampler = new ResourceSampler();
        List<Thread> callers = new ArrayList<>();
        long[] rounds = new long[4];
        CountDownLatch done = new CountDownLatch(4);
        String d = dir.toString();
        Runnable[] bodies = {
            () -> ordered(pool, d, rounds, 0),
            () -> unordered(pool, d, rounds, 1),
            () -> submits(pool, d, rounds, 2),
            () -> failingAndAbandoned(pool, d, rounds, 3),
        };
        for (int i = 0; i < 4; i++) {
            Runnable body = bodies[i];
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        body.run();
                        rounds[n]++;
                    }
                } catch (Throwable e) {
                    wrong.add("caller " + n + " died: " + e);
                } finally {
                    done.countDown();
                }
            }, "soak-caller-" + i);
            t.setDaemon(true);
            callers.add(t);
            t.start();
        }
        while (!done.await(500, TimeUnit.MILLISECONDS)) {
            sampler.sample();
        }
        PoolStats stats = pool.stats();
        pool.close();

        assertEquals(List.of(), new ArrayList<>(wrong), "wrong outcomes");
        for (int i = 0; i < 4; i++) {
            assertTrue(rounds[i] >= 2, "caller " + i + " did only " + rounds[i] + " rounds");
        }
        assertTrue(stats.workersCrashed() > 0 && stats.tasksTimedOut() > 0 && stats.workersRecycled() > 0,
                "the run should include crashes, timeouts and recycling: " + stats);
        List<ResourceSampler.Sample> s = sampler.samples();
        assertTrue(s.size() >= 9, "only " + s.size() + " samples");
        assertFlat(s, "threads", x -> x.threads(), 4);
        assertFlat(s, "file descriptors", x -> x.fds(), 24);
        assertFlat(s, "heap after GC (bytes)", x -> x.heapAfterGc(), 16 << 20);
        assertFlat(s, "child processes", x -> x.children(), 4);
        assertGrandchildrenGone(dir);
        System.out.printf("soak: %d s, %d outcomes checked, rounds %s, %s%n", SECONDS, checked.get(),
                java.util.Arrays.toString(rounds), stats);
    }

    private static void assertFlat(List<ResourceSampler.Sample> s, String what,
            java.util.function.ToDoubleFunction<ResourceSampler.Sample> f, double slack) {
        double first = ResourceSampler.floorOfThird(s, false, f);
        double last = ResourceSampler.floorOfThird(s, true, f);
        assertTrue(last <= first + slack, what + " grew: lowest " + first + " in the first third, " + last
                + " in the last (allowed +" + slack + ")");
    }

    /** Every daemon a task left behind is gone once the pool is closed (they are not our descendants any more). */
    private static void assertGrandchildrenGone(Path dir) throws Exception {
        Path file = dir.resolve("grandchildren");
        List<Long> pids = Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                .map(Long::parseLong).collect(Collectors.toList()) : List.of();
        assertTrue(!pids.isEmpty(), "no task started a daemon");
        // Polled: the exit of a process that is not our child has no event here.
        List<Long> alive = Await.last(Duration.ofSeconds(3), () -> pids.stream()
                .filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
                .collect(Collectors.toList()), List::isEmpty);
        alive.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        assertEquals(List.of(), alive, "daemons started by tasks outlived the pool");
    }

    private void check(boolean ok, String what) {
        checked.incrementAndGet();
        if (!ok) {
            wrong.add(what);
        }
    }

    /** map: every 17th element fails; results and failures arrive in input order. */
    private void ordered(WorkerPool pool, String dir, long[] rounds, int me) {
        long base = rounds[me] * 1000;
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ops.add(new Op(i % 17 == 5 ? Kind.FAIL : Kind.SQUARE, base + i, dir));
        }
        Iterator<Long> it = pool.map(SoakTask.class, ops).iterator();
        for (int i = 0; i < 100; i++) {
            Op op = ops.get(i);
            try {
                Long v = it.next();
                check(op.kind() == Kind.SQUARE && v == op.value() * op.value(), "ordered #" + i + " " + op + " -> " + v);
            } catch (TaskFailedException e) {
                check(op.kind() == Kind.FAIL && e.index() == i, "ordered #" + i + " " + op + " -> " + e);
            } catch (RuntimeException e) {
                check(false, "ordered #" + i + " " + op + " -> " + e);
            }
        }
        check(!it.hasNext(), "ordered: more results than elements");
    }

    /** mapUnordered with two elements that shell out: the multiset of results is right. */
    private void unordered(WorkerPool pool, String dir, long[] rounds, int me) {
        long base = rounds[me] * 1000;
        List<Op> ops = LongStream.range(0, 100).mapToObj(i -> new Op(i % 50 == 7 ? Kind.SHELL : Kind.SQUARE, base + i,
                dir)).collect(Collectors.toList());
        List<Long> got = new ArrayList<>(pool.mapUnordered(SoakTask.class, ops).collect(Collectors.toList()));
        List<Long> want = ops.stream().map(o -> o.value() * o.value()).collect(Collectors.toList());
        Collections.sort(got);
        Collections.sort(want);
        check(got.equals(want), "unordered: " + got.size() + " results, not the expected multiset");
    }

    /** submit: squares, a shell-out, sometimes a poison element, a hang or a daemon; each outcome typed right. */
    private void submits(WorkerPool pool, String dir, long[] rounds, int me) {
        long r = rounds[me];
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ops.add(new Op(Kind.SQUARE, r * 100 + i, dir));
        }
        ops.add(new Op(Kind.SHELL, r, dir));
        if (r % 3 == 0) {
            ops.add(new Op(Kind.SPAWN_DAEMON, r, dir));
        }
        if (r % 8 == 4) {
            ops.add(new Op(Kind.CRASH, r, dir));
        }
        if (r % 8 == 1) {
            ops.add(new Op(Kind.HANG, r, dir));
        }
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (Op op : ops) {
            futures.add(pool.submit(SoakTask.class, op));
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            Throwable error = null;
            Long v = null;
            try {
                v = futures.get(i).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                error = e.getCause();
            } catch (Exception e) {
                error = e;
            }
            switch (op.kind()) {
                case CRASH -> check(error instanceof WorkerCrashedException c && c.attempts() == 3,
                        "submit " + op + " -> " + Optional.ofNullable(error).map(Object::toString).orElse("" + v));
                case HANG -> check(error instanceof TaskTimeoutException, "submit " + op + " -> " + error + " / " + v);
                default -> check(error == null && v == op.value() * op.value(), "submit " + op + " -> " + error + " / " + v);
            }
        }
    }

    /** A toList() that throws at element 3, then an iterator dropped after one result. */
    private void failingAndAbandoned(WorkerPool pool, String dir, long[] rounds, int me) {
        List<Op> ops = LongStream.range(0, 300).mapToObj(i -> new Op(i == 3 ? Kind.FAIL : Kind.SQUARE, i, dir))
                .collect(Collectors.toList());
        try {
            pool.map(SoakTask.class, ops).collect(Collectors.toList());
            check(false, "toList over a failing element did not throw");
        } catch (TaskFailedException e) {
            check(e.index() == 3, "toList failed at " + e.index());
        }
        Iterator<Long> it = pool.map(SoakTask.class, ops).iterator();
        check(it.next() == 0L, "first result of an abandoned iterator");
    }
}
