package io.procpool.it.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.InvalidTaskException;
import io.procpool.Task;
import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.SharedPool;
import io.procpool.it.core.CoreTasks.Square;
import io.procpool.it.instance.ArgTasks.CountsCreations;
import io.procpool.it.instance.ArgTasks.FailsInWorker;
import io.procpool.it.instance.ArgTasks.HoldsThread;
import io.procpool.it.instance.ArgTasks.Scale;
import io.procpool.it.instance.ArgTasks.WritesOnClose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task instances with arguments ({@code pool.map(new Scale(3), xs)}), on real workers. One shared
 * pool of two workers: after each test its original workers are the only children (no failure
 * here costs a worker) and the class-based API still works on it; tests that need a pool of their
 * own close it inside the test, and the same check proves it left nothing behind.
 */
@Timeout(120)
class TaskInstanceTest {
    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(() -> WorkerPool.open(2))
            .afterEach(SharedPool.stillMaps(Square.class, List.of(0, 1, 2, 3), List.of(0L, 1L, 4L, 9L)));

    @BeforeAll
    static void awaitClassDataArchiveWriter() throws InterruptedException {
        // The first pool of a JVM on new jars also starts a short-lived child that writes the
        // class-data archive; the per-test check counts children, so let it finish first.
        Await.until("the class-data archive writer to exit", Duration.ofSeconds(60),
                () -> ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                        .allMatch(p -> SHARED.originalPids().contains(p.pid())));
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void map_recordInstance_runsWithItsArguments() {
        assertEquals(range(300).stream().map(x -> x * 7).collect(Collectors.toList()),
                SHARED.pool().map(new Scale(7), range(300)).collect(Collectors.toList()));
        assertEquals(range(300).stream().map(x -> x * 5).collect(Collectors.toList()),
                SHARED.pool().map(new Scale(5), range(300).stream()).collect(Collectors.toList()));
    }

    @Test
    void map_packagePrivateRecordInstance_runs() {
        assertEquals(List.of(10, 11, 12), SHARED.pool().map(new ArgTasks.Offset(10), range(3)).collect(Collectors.toList()));
    }

    @Test
    void mapUnordered_recordInstance_everyResultOnce() {
        List<Integer> got = SHARED.pool().mapUnordered(new Scale(3), range(300)).sorted().collect(Collectors.toList());
        assertEquals(range(300).stream().map(x -> x * 3).collect(Collectors.toList()), got);
    }

    @Test
    void map_twoInstancesOfOneClassAtOnce_eachElementUsesItsOwn() {
        Iterator<Integer> twice = SHARED.pool().map(new Scale(2), range(2000)).iterator();
        Iterator<Integer> thrice = SHARED.pool().map(new Scale(3), range(2000)).iterator();
        for (int i = 0; i < 2000; i++) {
            assertEquals(2 * i, twice.next(), "element " + i + " of the Scale(2) call");
            assertEquals(3 * i, thrice.next(), "element " + i + " of the Scale(3) call");
        }
        assertFalse(twice.hasNext());
        assertFalse(thrice.hasNext());
    }

    @Test
    void map_instance_createdOncePerWorker_equalInstancesShareIt() {
        List<List<Long>> first = SHARED.pool().map(new CountsCreations("once"), range(400)).collect(Collectors.toList());
        // an equal instance (equal components, so equal bytes) is the same task: not created again
        List<List<Long>> again = SHARED.pool().map(new CountsCreations("once"), range(400)).collect(Collectors.toList());
        List<List<Long>> other = SHARED.pool().map(new CountsCreations("other"), range(50)).collect(Collectors.toList());

        Set<Long> pids = new TreeSet<>();
        for (List<List<Long>> run : List.of(first, again, other)) {
            for (List<Long> r : run) {
                assertEquals(1L, r.get(1), "creations of the instance in worker " + r.get(0) + ": " + r);
                pids.add(r.get(0));
            }
        }
        assertTrue(new TreeSet<>(SHARED.originalPids()).containsAll(pids), pids + " not among " + SHARED.originalPids());
    }

    @Test
    void submit_instance_completesWithItsResult() throws Exception {
        assertEquals(35, SHARED.pool().submit(new Scale(5), 7).get(30, TimeUnit.SECONDS));
        assertEquals(List.of(1L), SHARED.pool().submit(new CountsCreations("submitted"), 0).get(30, TimeUnit.SECONDS)
                .subList(1, 2));
    }

    @Test
    void submit_newInstancePerCall_manyMoreThanAWorkerKeeps_allCorrect() throws Exception {
        // a service making a new instance per request: 300 distinct instances, far more than the
        // 64 a worker keeps, so workers evict and are sent instances again, all while calls overlap
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 300; i++) {
                futures.add(SHARED.pool().submit(new Scale(i), 3));
            }
        }
        for (int k = 0; k < futures.size(); k++) {
            assertEquals(3 * (k % 300), futures.get(k).get(30, TimeUnit.SECONDS), "call " + k);
        }
    }

    @Test
    void map_unserializableInstance_failsAtOnceInTheCaller() {
        Thread t = new Thread(() -> {}, "never-started");
        InvalidTaskException viaMap = assertThrows(InvalidTaskException.class,
                () -> SHARED.pool().map(new HoldsThread(t), range(3)));
        assertMentions(viaMap, HoldsThread.class.getName(), "cannot be serialized", "transient");
        InvalidTaskException viaSubmit = assertThrows(InvalidTaskException.class,
                () -> SHARED.pool().submit(new HoldsThread(t), 1));
        assertMentions(viaSubmit, HoldsThread.class.getName(), "cannot be serialized");
    }

    @Test
    void map_lambdaInstance_refusedNamingTheFix() {
        Task<Integer, Integer> lambda = x -> x + 1;
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> SHARED.pool().map(lambda, range(3)));
        assertMentions(e, "lambda", "use a record");
    }

    @Test
    void map_instanceFailingToDeserializeInWorker_failsEachElement_workerKeepsServing() throws Exception {
        FailsInWorker bad = new FailsInWorker(ProcessHandle.current().pid());
        Iterator<Integer> it = SHARED.pool().map(bad, range(5)).iterator();
        for (int i = 0; i < 5; i++) {
            TaskFailedException e = assertThrows(TaskFailedException.class, it::next, "element " + i);
            assertEquals(i, e.index());
            assertEquals(FailsInWorker.class.getName(), e.taskClass());
            assertMentions(e, "task instance of class " + FailsInWorker.class.getName() + " cannot be recreated in"
                    + " the worker", "no model file in process");
        }
        assertFalse(it.hasNext());

        ExecutionException viaSubmit = assertThrows(ExecutionException.class,
                () -> SHARED.pool().submit(bad, 1).get(30, TimeUnit.SECONDS));
        assertInstanceOf(TaskFailedException.class, viaSubmit.getCause());
        assertMentions(viaSubmit.getCause(), "no model file in process");
        // the same workers run other instances right after
        assertEquals(List.of(0, 4, 8), SHARED.pool().map(new Scale(4), range(3)).collect(Collectors.toList()));
    }

    @Test
    void close_autoCloseableInstance_closedOnceByEachWorkerThatHasIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("closed.txt");
        long workerPid;
        try (WorkerPool own = WorkerPool.open(1)) {
            workerPid = own.workerPids().get(0);
            assertEquals(range(20), own.map(new WritesOnClose(file.toString()), range(20)).collect(Collectors.toList()));
            assertEquals(5, own.submit(new WritesOnClose(file.toString()), 5).get(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(file), "closed before the pool closed");
        }
        assertEquals(List.of("closed by " + workerPid), Files.readAllLines(file),
                "the equal instances of both calls are one instance, closed once at retirement");
    }

    @Test
    void map_workerDiesMidCall_replacementIsSentTheInstanceAndRunsTheRest(@TempDir Path dir) {
        try (WorkerPool own = WorkerPool.builder().workers(1).batchSize(1).open()) {
            long first = own.workerPids().get(0);
            List<Integer> got = own.map(new ArgTasks.HaltsOnce(dir.resolve("halted").toString(), 10), range(8))
                    .collect(Collectors.toList());

            assertEquals(range(8).stream().map(x -> x * 10).collect(Collectors.toList()), got);
            assertFalse(own.workerPids().contains(first), "element 3 killed the first worker");
            assertEquals(1, own.stats().workersCrashed());
        }
    }

    @Test
    void submit_moreInstancesThanAWorkerKeeps_leastRecentlyUsedIsClosed(@TempDir Path dir) throws Exception {
        int keeps = 64; // TaskInstancesSent.MAX_PER_WORKER
        try (WorkerPool own = WorkerPool.open(1)) {
            for (int i = 0; i < keeps; i++) {
                own.submit(new WritesOnClose(dir.resolve(i + ".txt").toString()), i).get(30, TimeUnit.SECONDS);
            }
            own.submit(new WritesOnClose(dir.resolve("0.txt").toString()), 0).get(30, TimeUnit.SECONDS); // 0 used again
            assertEquals(List.of(), list(dir), "nothing closed while the worker keeps every instance");

            own.submit(new WritesOnClose(dir.resolve("new.txt").toString()), 0).get(30, TimeUnit.SECONDS);

            assertEquals(List.of("1.txt"), list(dir), "the least recently used instance was closed for the new one");
        }
        assertEquals(keeps + 1, list(dir).size(), "the rest were closed when the pool closed: " + list(dir));
    }

    private static void assertMentions(Throwable e, String... words) {
        String msg = String.valueOf(e.getMessage());
        for (String w : words) {
            assertTrue(msg.contains(w), () -> "message should contain '" + w + "' but was:\n" + msg);
        }
    }

    private static List<String> list(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
