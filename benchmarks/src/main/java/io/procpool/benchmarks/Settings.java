package io.procpool.benchmarks;

import java.util.Locale;

/**
 * Benchmark knobs. Each is read from the system property {@code bench.<name>} (the pom forwards
 * {@code -Dbench.<name>=...} from the Maven command line), then from the environment variable
 * {@code BENCH_<NAME>}, then falls back to its default. An empty value counts as unset.
 */
final class Settings {
    private Settings() {}

    /** The value of {@code bench.<name>}, or with an empty name of {@code bench} / {@code BENCH}. */
    static String string(String name, String def) {
        String v = System.getProperty(name.isEmpty() ? "bench" : "bench." + name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name.isEmpty() ? "BENCH" : "BENCH_" + envName(name));
        }
        return v == null || v.isBlank() ? def : v.trim();
    }

    static long number(String name, long def, long min) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench." + name + " must be a whole number, was '" + v + "'", e);
        }
        if (n < min) {
            throw new IllegalArgumentException("bench." + name + " must be at least " + min + ", was " + n);
        }
        return n;
    }

    /** {@code memoryTasks} becomes {@code MEMORY_TASKS}. */
    static String envName(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
