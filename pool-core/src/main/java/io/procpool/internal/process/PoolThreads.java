package io.procpool.internal.process;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors a pool owns (see CONCURRENCY.md): {@code procpool-timer} (starts processes,
 * checks timeouts, polls exits; never blocks for long) and the {@code procpool-callback-N} threads
 * that run the dependent stages of {@code submit} futures. All threads are named daemons.
 */
public final class PoolThreads {
    public final ScheduledExecutorService timer;
    public final ExecutorService callbacks;

    public PoolThreads() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "procpool-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        this.callbacks = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new Numbered("procpool-callback-"),
                // After close, stages attached late still run somewhere rather than fail.
                (r, e) -> ForkJoinPool.commonPool().execute(r));
    }

    /** Stops the timer now; lets running callbacks finish. */
    public void shutdown() {
        timer.shutdownNow();
        callbacks.shutdown();
    }

    public static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Thread factory with numbered daemon threads. */
    private static final class Numbered implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        Numbered(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            return daemon(r, prefix + n.incrementAndGet());
        }
    }
}
