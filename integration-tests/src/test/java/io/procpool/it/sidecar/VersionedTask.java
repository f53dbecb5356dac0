package io.procpool.it.sidecar;

import io.procpool.Task;

/** Adds one. {@link ClassVersionTest} gives workers copies of this class file with other versions. */
public final class VersionedTask implements Task<Integer, Integer> {
    @Override
    public Integer run(Integer x) {
        return x + 1;
    }
}
