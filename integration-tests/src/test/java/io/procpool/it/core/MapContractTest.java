package io.procpool.it.core;

import io.procpool.it.SharedPool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.RemoteTaskException;
import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.core.CoreTasks.BadInputException;
import io.procpool.it.core.CoreTasks.FailOnSevens;
import io.procpool.it.core.CoreTasks.Invoice;
import io.procpool.it.core.CoreTasks.Jitter;
import io.procpool.it.core.CoreTasks.Order;
import io.procpool.it.core.CoreTasks.Powers;
import io.procpool.it.core.CoreTasks.PriceOrder;
import io.procpool.it.core.CoreTasks.Size;
import io.procpool.it.core.CoreTasks.SizeOf;
import io.procpool.it.core.CoreTasks.Square;
import io.procpool.it.core.CoreTasks.Sum;
import io.procpool.it.core.CoreTasks.Trace;
import io.procpool.it.core.CoreTasks.WordStats;
import io.procpool.it.core.CoreTasks.WorkerPid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code map}/{@code mapUnordered} contract on one shared pool of two real workers: order,
 * completeness, failures per element, value types, and that workers are separate processes.
 * The tests keep no state in the pool, so sharing it only saves JVM start-ups.
 */
class MapContractTest {
    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(() -> WorkerPool.open(2));

    @BeforeAll
    static void twoWorkers() {
        assertEquals(2, SHARED.originalPids().size(), "workers after open");
    }

    @Test
    void map_completionOrderShuffled_resultsStillInInputOrder() {
        int n = 10_000;
        List<Integer> input = IntStream.range(0, n).boxed().collect(Collectors.toList());
        List<Integer> expected = input.stream().map(x -> x * 3 + 1).collect(Collectors.toList());

        // Precondition: the jitter really makes elements complete out of input order.
        List<Integer> completionOrder = SHARED.pool().mapUnordered(Jitter.class, input).map(Trace::value)
                .collect(Collectors.toList());
        assertEquals(n, completionOrder.size());
        assertNotEquals(expected, completionOrder, "completion order was not shuffled; the test proves nothing");

        List<Trace> traces = SHARED.pool().map(Jitter.class, input).collect(Collectors.toList());

        assertEquals(expected, traces.stream().map(Trace::value).collect(Collectors.toList()));
        // Both workers ran elements spread over the whole input, not one half each in sequence.
        assertEquals(new TreeSet<>(SHARED.originalPids()), traces.stream().map(Trace::pid).collect(Collectors.toCollection(TreeSet::new)));
        long switches = IntStream.range(1, n).filter(i -> traces.get(i).pid() != traces.get(i - 1).pid()).count();
        assertTrue(switches >= 10, "results alternate between workers only " + switches + " times");
    }

    @Test
    void mapUnordered_inputWithDuplicates_returnsSameMultiset() {
        List<Integer> input = IntStream.range(0, 5_000).map(i -> (i * 37) % 101).boxed().collect(Collectors.toList());

        List<Long> results = SHARED.pool().mapUnordered(Square.class, input.stream()).collect(Collectors.toList());

        assertEquals(counts(input.stream().map(x -> (long) x * x).collect(Collectors.toList())), counts(results));
    }

    private static <T extends Comparable<T>> Map<T, Integer> counts(List<T> values) {
        Map<T, Integer> m = new TreeMap<>();
        values.forEach(v -> m.merge(v, 1, Integer::sum));
        return m;
    }

    @Test
    void map_taskThrowsOnSomeInputs_thosePositionsThrowAndTheRestSucceed() {
        int n = 60;
        Iterator<Integer> it = SHARED.pool().map(FailOnSevens.class, IntStream.range(0, n).boxed()).iterator();

        for (int i = 0; i < n; i++) {
            if (CoreTasks.failsOn(i)) {
                TaskFailedException e = assertThrows(TaskFailedException.class, it::next, "element " + i);
                assertTaskThrewBadInput(e, i, i);
            } else {
                assertEquals(i + 1, it.next(), "element " + i);
            }
        }
        assertFalse(it.hasNext());
    }

    @Test
    void mapUnordered_taskThrowsOnSomeInputs_eachFailureCarriesItsPosition() {
        int n = 60;
        Iterator<Integer> it = SHARED.pool().mapUnordered(FailOnSevens.class, IntStream.range(0, n).boxed()).iterator();
        Set<Integer> values = new HashSet<>();
        Set<Long> failedPositions = new TreeSet<>();

        for (int k = 0; k < n; k++) {
            try {
                values.add(it.next());
            } catch (TaskFailedException e) {
                // In this test input position and input value coincide.
                assertTaskThrewBadInput(e, e.index(), (int) e.index());
                failedPositions.add(e.index());
            }
        }

        assertFalse(it.hasNext());
        assertEquals(IntStream.range(0, n).filter(i -> !CoreTasks.failsOn(i)).mapToObj(i -> i + 1)
                .collect(Collectors.toSet()), values);
        assertEquals(LongStream.range(0, n).filter(i -> CoreTasks.failsOn((int) i)).boxed()
                .collect(Collectors.toCollection(TreeSet::new)), failedPositions);
    }

    static void assertTaskThrewBadInput(TaskFailedException e, long expectedIndex, int input) {
        assertEquals(expectedIndex, e.index(), "index");
        assertEquals(BadInputException.class.getName(), e.remoteClassName());
        assertEquals("bad input " + input, e.remoteMessage());
        assertEquals(FailOnSevens.class.getName(), e.taskClass());
        RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertTrue(Arrays.stream(remote.getStackTrace()).anyMatch(f -> f.getClassName().equals(FailOnSevens.class.getName())
                && f.getMethodName().equals("run")), () -> "no FailOnSevens.run frame in the remote stack trace: "
                + Arrays.toString(remote.getStackTrace()));
        assertTrue(e.getMessage().contains(BadInputException.class.getName()) && e.getMessage().contains("bad input "
                + input), () -> "message should name the remote exception: " + e.getMessage());
    }

    @Test
    void map_seedExample_sumsInInputOrder() {
        List<Integer> x = List.of(10, 22, 35, 4, 532, 12, 42, 53, 23);

        List<Integer> sums = SHARED.pool().map(Sum.class, x.stream().map(v -> Map.of("param1", v, "param2", 15)))
                .map(r -> r.get("sum")).collect(Collectors.toList());

        assertEquals(List.of(25, 37, 50, 19, 547, 27, 57, 68, 38), sums);
    }

    @Test
    void map_seedExampleWithMutableMaps_sumsInInputOrder() {
        List<Map<String, Integer>> params = new ArrayList<>();
        for (int v : new int[] {10, 22, 35, 4, 532, 12, 42, 53, 23}) {
            Map<String, Integer> m = new HashMap<>();
            m.put("param1", v);
            m.put("param2", 15);
            params.add(m);
        }

        List<Map<String, Integer>> results = SHARED.pool().map(Sum.class, params).collect(Collectors.toList());

        assertEquals(Stream.of(25, 37, 50, 19, 547, 27, 57, 68, 38).map(s -> Map.of("sum", s))
                .collect(Collectors.toList()), results);
    }

    @Test
    void map_recordAndEnumParametersAndResults_workWithoutRegister() {
        List<Order> orders = List.of(new Order("tea", 3, Size.SMALL), new Order("coffee", 2, Size.LARGE),
                new Order("cake", 1, Size.MEDIUM));

        List<Invoice> invoices = SHARED.pool().map(PriceOrder.class, orders).collect(Collectors.toList());
        List<Size> sizes = SHARED.pool().map(SizeOf.class, Stream.of(3, 30, 300)).collect(Collectors.toList());

        assertEquals(List.of(new Invoice("tea", 300, Size.SMALL), new Invoice("coffee", 600, Size.LARGE),
                new Invoice("cake", 200, Size.MEDIUM)), invoices);
        assertEquals(List.of(Size.SMALL, Size.MEDIUM, Size.LARGE), sizes);
    }

    @Test
    void map_listOfAndMapOfResults_arriveEqual() {
        List<List<Integer>> powers = SHARED.pool().map(Powers.class, Stream.of(2, 5, 0)).collect(Collectors.toList());
        List<String> words = List.of("banana", "sky", "queue");
        List<Map<String, Integer>> stats = SHARED.pool().map(WordStats.class, words).collect(Collectors.toList());

        assertEquals(List.of(List.of(2, 4, -2), List.of(5, 25, -5), List.of(0, 0, 0)), powers);
        assertEquals(List.of(Map.of("length", 6, "vowels", 3), Map.of("length", 3, "vowels", 0),
                Map.of("length", 5, "vowels", 4)), stats);
    }

    @Test
    void map_workersAreSeparateProcesses_pidsAreTheWorkersChildrenOfThisJvm() {
        long self = ProcessHandle.current().pid();

        Set<Long> pids = SHARED.pool().map(WorkerPid.class, IntStream.range(0, 2_000).boxed())
                .collect(Collectors.toCollection(TreeSet::new));

        assertFalse(pids.contains(self), "a task ran in the coordinator JVM");
        assertEquals(2, pids.size(), "distinct worker pids " + pids);
        assertEquals(new TreeSet<>(SHARED.pool().workerPids()), pids);
        for (long pid : pids) {
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
            assertTrue(h.isAlive(), "worker " + pid + " alive");
            assertEquals(self, h.parent().map(ProcessHandle::pid).orElse(-1L), "parent of worker " + pid);
        }
    }
}
