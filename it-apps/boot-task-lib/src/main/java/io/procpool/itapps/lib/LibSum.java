package io.procpool.itapps.lib;

import io.procpool.Task;
import java.util.Map;

/** The seed task, from a library jar (in a Spring Boot app: BOOT-INF/lib). */
public final class LibSum implements Task<Map<String, Integer>, Map<String, Integer>> {
    @Override
    public Map<String, Integer> run(Map<String, Integer> p) {
        return Map.of("sum", p.get("param1") + p.get("param2"));
    }
}
