package io.procpool.examples;

import io.procpool.WorkerPool;
import java.util.List;
import java.util.Map;

/**
 * The seed's Python example ({@code Pool.imap} over a generator of dicts, wrapped in {@code tqdm}),
 * in Java: sums print in input order; on a terminal a progress bar runs below them.
 */
public final class SeedExample {
    private SeedExample() {}

    public static void main(String[] args) {
        List<Integer> xValues = List.of(10, 22, 35, 4, 532, 12, 42, 53, 23);
        try (WorkerPool pool = WorkerPool.open()) {
            pool.map(Sum.class, xValues.stream().map(x -> Map.of("param1", x, "param2", 15)))
                    .forEach(r -> System.out.println(r.get("sum")));
        }
    }
}
