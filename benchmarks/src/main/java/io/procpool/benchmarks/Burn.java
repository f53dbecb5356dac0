package io.procpool.benchmarks;

import io.procpool.Task;

/**
 * A deterministic CPU-bound task: {@code iterations} xorshift steps. The result depends on every
 * step, so the JIT cannot drop the loop, and equal inputs give equal results on every JVM.
 */
public final class Burn implements Task<Long, Long> {
    @Override
    public Long run(Long iterations) {
        return burn(iterations);
    }

    static long burn(long iterations) {
        long x = 0x9E3779B97F4A7C15L;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
