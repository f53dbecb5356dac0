package io.procpool.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way to open a {@link Coordinator}, handed out once per class loader to
 * {@code io.procpool.WorkerPool}, which keeps it private: so user code, even on the class path
 * where every public class here is reachable, cannot obtain a coordinator and bypass the builder.
 * {@link #claim()} initializes {@code WorkerPool} before deciding, and {@code WorkerPool} claims
 * the opener in its static initializer, so it always comes first.
 */
public final class PoolOpener {
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();

    private PoolOpener() {}

    /**
     * Returns the opener to its one owner.
     *
     * @throws IllegalStateException for anyone else: this is not API, use {@code WorkerPool.builder()}
     */
    public static PoolOpener claim() {
        try {
            // Runs WorkerPool's static initializer first (a no-op when it is the caller).
            Class.forName("io.procpool.WorkerPool", true, PoolOpener.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("io.procpool.WorkerPool missing from procpool's own jar", e);
        }
        if (!CLAIMED.compareAndSet(false, true)) {
            throw new IllegalStateException("io.procpool.internal is not API: open pools with WorkerPool.builder()");
        }
        return new PoolOpener();
    }

    /** Starts the workers and waits until all are ready (see {@code WorkerPool.Builder.open}). */
    public Coordinator open(PoolConfig config) {
        return Coordinator.open(config);
    }
}
