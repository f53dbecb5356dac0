package io.procpool.internal;

import io.procpool.PoolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One {@code submit}: completes a future on the pool's callback executor, so dependent stages the
 * user attached never run on a reader thread. Cancelling the future drops the unit if it has not
 * been sent yet.
 */
final class FutureJob extends Job {
    private final CompletableFuture<Object> future = new CompletableFuture<>();
    private final Executor callbacks;
    /** The first outcome wins; completions run later on another thread, so order them here. */
    private final java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();

    FutureJob(Executor callbacks, Runnable onDone) {
        this.callbacks = callbacks;
        future.whenComplete((v, e) -> onDone.run());
    }

    CompletableFuture<Object> future() {
        return future;
    }

    @Override
    void succeeded(TaskUnit unit, Object value) {
        if (settled.compareAndSet(false, true)) {
            run(() -> future.complete(value));
        }
    }

    @Override
    void failed(TaskUnit unit, PoolException error) {
        if (settled.compareAndSet(false, true)) {
            run(() -> future.completeExceptionally(error));
        }
    }

    @Override
    boolean isCancelled() {
        return future.isDone();
    }

    @Override
    void abort(PoolException cause) {
        if (settled.compareAndSet(false, true)) {
            run(() -> future.completeExceptionally(cause));
        }
    }

    private void run(Runnable r) {
        try {
            callbacks.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }
}
