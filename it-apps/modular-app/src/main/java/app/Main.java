package app;

import io.procpool.WorkerPool;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs the seed workload from the module path; prints the sums and the worker pids. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        List<Map<String, Integer>> params = List.of(10, 22, 35, 4, 532, 12, 42, 53, 23).stream()
                .map(x -> Map.of("param1", x, "param2", 15)).collect(Collectors.toList());
        try (WorkerPool pool = WorkerPool.open()) {
            System.out.println("workers: " + pool.workerPids().stream().map(String::valueOf)
                    .collect(Collectors.joining(" ")));
            System.out.println("module: " + Main.class.getModule().getName());
            System.out.println("sums: " + pool.map(ModSum.class, params).map(r -> String.valueOf(r.get("sum")))
                    .collect(Collectors.joining(" ")));
            System.out.println("records: " + pool.map(PairSum.class, params.stream()
                    .map(m -> new PairSum.Pair(m.get("param1"), m.get("param2"))))
                    .map(t -> String.valueOf(t.sum())).collect(Collectors.joining(" ")));
        }
    }
}
