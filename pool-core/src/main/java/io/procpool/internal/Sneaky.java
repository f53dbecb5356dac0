package io.procpool.internal;

/** Rethrows any throwable unchanged, checked ones included, where the compiler cannot see it. */
final class Sneaky {
    private Sneaky() {}

    /**
     * Throws {@code t}; the return type lets callers write {@code throw Sneaky.rethrow(t)}.
     * Used where user code (an input iterator) threw a checked exception it did not declare,
     * so it reaches the caller as it was thrown rather than wrapped.
     */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
