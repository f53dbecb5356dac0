package app;

import io.procpool.Task;
import java.util.Map;

/** The seed task, in a named module. */
public final class ModSum implements Task<Map<String, Integer>, Map<String, Integer>> {
    /** Runs once per worker. */
    public ModSum() {}

    @Override
    public Map<String, Integer> run(Map<String, Integer> p) {
        return Map.of("sum", p.get("param1") + p.get("param2"));
    }
}
