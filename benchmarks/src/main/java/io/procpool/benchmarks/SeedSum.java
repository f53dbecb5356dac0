package io.procpool.benchmarks;

import io.procpool.Task;
import java.util.Map;

/** The seed task: {@code {"sum": param1 + param2}}. Also called directly by the in-process loop. */
public final class SeedSum implements Task<Map<String, Integer>, Map<String, Integer>> {
    @Override
    public Map<String, Integer> run(Map<String, Integer> p) {
        return Map.of("sum", p.get("param1") + p.get("param2"));
    }
}
