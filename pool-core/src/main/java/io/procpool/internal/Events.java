package io.procpool.internal;

import io.procpool.PoolListener;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers listener calls in order on one daemon thread, {@code procpool-events}, so no pool
 * thread ever runs user code. Without listeners nothing is queued and no thread exists.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");

    private final List<PoolListener> listeners;
    private final ExecutorService exec;

    Events(List<PoolListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.exec = listeners.isEmpty() ? null
                : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "procpool-events");
                    t.setDaemon(true);
                    return t;
                });
    }

    boolean enabled() {
        return exec != null;
    }

    /** Queues one call for every listener; never blocks, never throws. */
    void emit(Consumer<PoolListener> call) {
        if (exec == null) {
            return;
        }
        try {
            exec.execute(() -> {
                for (PoolListener l : listeners) {
                    try {
                        call.accept(l);
                    } catch (RuntimeException e) {
                        LOG.warn("pool listener {} threw", l, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // pool closed: late events are dropped
        }
    }

    /** Delivers what is queued (bounded wait), then stops the thread. */
    void shutdown() {
        if (exec == null) {
            return;
        }
        exec.shutdown();
        if (Thread.currentThread().getName().equals("procpool-events")) {
            return; // close() called from a listener: do not wait for ourselves
        }
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
