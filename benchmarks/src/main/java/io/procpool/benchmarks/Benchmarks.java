package io.procpool.benchmarks;

/** Placeholder until the benchmark suite lands. */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) {
        System.out.println("benchmarks: not yet written");
    }
}
