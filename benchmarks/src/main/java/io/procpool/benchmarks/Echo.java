package io.procpool.benchmarks;

import io.procpool.Task;

/** Returns its parameter: the smallest possible round trip. */
public final class Echo implements Task<Integer, Integer> {
    @Override
    public Integer run(Integer value) {
        return value;
    }
}
