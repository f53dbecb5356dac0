package io.procpool.benchmarks;

import io.procpool.Task;
import java.util.HashMap;

/** The seed task on mutable maps: {@code HashMap} with param1 and param2 in, a new {@code HashMap} with the sum out. */
public final class SeedHashSum implements Task<HashMap<String, Object>, HashMap<String, Object>> {
    @Override
    public HashMap<String, Object> run(HashMap<String, Object> p) {
        HashMap<String, Object> out = new HashMap<>();
        out.put("sum", (Integer) p.get("param1") + (Integer) p.get("param2"));
        return out;
    }
}
