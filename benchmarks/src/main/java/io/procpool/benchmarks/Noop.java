package io.procpool.benchmarks;

/** A main that does nothing: the bare JVM start-up in the spawn benchmark. */
public final class Noop {
    private Noop() {}

    public static void main(String[] args) {
        // intentionally empty
    }
}
