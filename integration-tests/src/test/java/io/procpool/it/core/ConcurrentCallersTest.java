package io.procpool.it.core;

import io.procpool.it.SharedPool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.core.CoreTasks.Describe;
import io.procpool.it.core.CoreTasks.FailOnSevens;
import io.procpool.it.core.CoreTasks.Square;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several callers on one shared pool of two real workers: {@code submit} from many threads, and
 * different task classes one after the other and at the same time.
 */
@Timeout(60)
class ConcurrentCallersTest {
    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(() -> WorkerPool.open(2));
    private ExecutorService callers;

    /** Runs before {@link SharedPool}'s after-each check, so the callers are gone when it counts workers. */
    @AfterEach
    void stopCallers() throws InterruptedException {
        if (callers != null) {
            callers.shutdownNow();
            assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS), "caller threads ended");
        }
    }

    @Test
    void submit_fromEightThreadsAtOnce_eachFutureGetsItsOwnResult() throws Exception {
        int threads = 8;
        int perThread = 500;
        callers = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<CompletableFuture<Long>>>> submitted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            submitted.add(callers.submit(() -> {
                start.await();
                List<CompletableFuture<Long>> fs = new ArrayList<>(perThread);
                for (int i = 0; i < perThread; i++) {
                    fs.add(SHARED.pool().submit(Square.class, base + i));
                }
                return fs;
            }));
        }

        start.countDown();

        for (int t = 0; t < threads; t++) {
            List<CompletableFuture<Long>> fs = submitted.get(t).get(30, TimeUnit.SECONDS);
            assertEquals(perThread, fs.size());
            for (int i = 0; i < perThread; i++) {
                long x = t * perThread + i;
                assertEquals(x * x, fs.get(i).get(30, TimeUnit.SECONDS), "submit of " + x);
            }
        }
    }

    @Test
    void submit_taskThrows_futureFailsWithTaskFailedExceptionWithoutIndex() throws Exception {
        CompletableFuture<Integer> bad = SHARED.pool().submit(FailOnSevens.class, 17);
        CompletableFuture<Integer> good = SHARED.pool().submit(FailOnSevens.class, 18);

        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));

        TaskFailedException failure = assertInstanceOf(TaskFailedException.class, e.getCause());
        MapContractTest.assertTaskThrewBadInput(failure, -1, 17);
        assertEquals(19, good.get(30, TimeUnit.SECONDS));
    }

    @Test
    void map_twoTaskClassesOneAfterTheOther_bothCorrect() {
        List<Integer> input = IntStream.range(0, 1_000).boxed().collect(Collectors.toList());

        List<Long> squares = SHARED.pool().map(Square.class, input).collect(Collectors.toList());
        List<String> names = SHARED.pool().map(Describe.class, input).collect(Collectors.toList());
        List<Long> squaresAgain = SHARED.pool().map(Square.class, input.stream()).collect(Collectors.toList());

        assertEquals(squaresOf(input), squares);
        assertEquals(namesOf(input), names);
        assertEquals(squaresOf(input), squaresAgain);
    }

    @Test
    void map_twoTaskClassesFromTwoThreadsAtOnce_bothCorrect() throws Exception {
        List<Integer> input = IntStream.range(0, 5_000).boxed().collect(Collectors.toList());
        callers = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);

        Future<List<Long>> squares = callers.submit(() -> {
            start.await();
            return SHARED.pool().map(Square.class, input).collect(Collectors.toList());
        });
        Future<List<String>> names = callers.submit(() -> {
            start.await();
            return SHARED.pool().map(Describe.class, input).collect(Collectors.toList());
        });
        start.countDown();

        assertEquals(squaresOf(input), squares.get(30, TimeUnit.SECONDS));
        assertEquals(namesOf(input), names.get(30, TimeUnit.SECONDS));
    }

    @Test
    void mapAndSubmit_interleavedFromTwoThreads_bothCorrect() throws Exception {
        List<Integer> input = IntStream.range(0, 3_000).boxed().collect(Collectors.toList());
        callers = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);

        Future<List<String>> mapped = callers.submit(() -> {
            start.await();
            return SHARED.pool().mapUnordered(Describe.class, input).sorted().collect(Collectors.toList());
        });
        Future<List<Long>> submitted = callers.submit(() -> {
            start.await();
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int x : input) {
                fs.add(SHARED.pool().submit(Square.class, x));
            }
            List<Long> out = new ArrayList<>();
            for (CompletableFuture<Long> f : fs) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        });
        start.countDown();

        assertEquals(namesOf(input).stream().sorted().collect(Collectors.toList()), mapped.get(30, TimeUnit.SECONDS));
        assertEquals(squaresOf(input), submitted.get(30, TimeUnit.SECONDS));
    }

    private static List<Long> squaresOf(List<Integer> input) {
        return input.stream().map(x -> (long) x * x).collect(Collectors.toList());
    }

    private static List<String> namesOf(List<Integer> input) {
        return input.stream().map(x -> "#" + x).collect(Collectors.toList());
    }
}
