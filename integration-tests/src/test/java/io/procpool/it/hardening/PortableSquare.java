package io.procpool.it.hardening;

import io.procpool.Task;

/**
 * x squared. Top-level (no enclosing class to load), so a test can copy its class file alone onto
 * a worker classpath that lacks the rest of the test classes.
 */
public final class PortableSquare implements Task<Integer, Long> {
    @Override
    public Long run(Integer x) {
        return (long) x * x;
    }
}
