package io.procpool.itapps.boot;

import io.procpool.Task;
import java.util.Map;

/** The seed task, from the application's own classes (BOOT-INF/classes). */
public final class AppSum implements Task<Map<String, Integer>, Map<String, Integer>> {
    @Override
    public Map<String, Integer> run(Map<String, Integer> p) {
        return Map.of("sum", p.get("param1") + p.get("param2"));
    }
}
