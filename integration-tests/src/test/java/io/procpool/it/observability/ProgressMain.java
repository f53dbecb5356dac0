package io.procpool.it.observability;

import io.procpool.WorkerPool;
import io.procpool.it.observability.ObsTasks.SlowSquare;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Child JVM for {@link ProgressOutputTest}: one worker, 50 elements mapped with the default
 * {@code Progress.auto()}, each result printed on stdout from {@code forEach}.
 */
public final class ProgressMain {
    /** Number of elements mapped. */
    static final int COUNT = 50;

    private ProgressMain() {}

    public static void main(String[] args) {
        List<Integer> input = IntStream.range(0, COUNT).boxed().toList();
        try (WorkerPool pool = WorkerPool.builder().workers(1).open()) {
            pool.map(SlowSquare.class, input).forEach(r -> System.out.println("result " + r));
        }
        System.out.println("main done");
    }
}
