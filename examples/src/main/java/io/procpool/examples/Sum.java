package io.procpool.examples;

import io.procpool.Task;
import java.util.Map;

/** The seed task: adds {@code param1} and {@code param2}. */
public final class Sum implements Task<Map<String, Integer>, Map<String, Integer>> {
    @Override
    public Map<String, Integer> run(Map<String, Integer> p) {
        return Map.of("sum", p.get("param1") + p.get("param2"));
    }
}
