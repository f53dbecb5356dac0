package io.procpool.internal;

import io.procpool.PoolException;
import io.procpool.internal.schedule.Job;
import io.procpool.internal.schedule.TaskUnit;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code submit}. The first outcome wins (a result that arrived is never replaced by a later
 * close). The future is completed on the thread that settles it when nothing is attached to it
 * yet (the caller is typically blocked in {@code get}): a reader, an exit watch, the timer (the
 * pool broke) or the closing thread; otherwise on the callback executor. Either way no
 * user code runs on the reader: dependent stages of a {@link PoolFuture} always run on the
 * executor. Cancelling the future before the element is sent drops it; {@code cancel(true)} on a
 * running element kills its worker ({@link PoolFuture#cancel}).
 */
final class FutureJob extends Job {
    private final PoolFuture<Object> future;
    private final Executor callbacks;
    private final Runnable onDone;
    private final AtomicBoolean settled = new AtomicBoolean();

    /**
     * @param onDone called once when the job ends (settled or cancelled)
     * @param onCancel called when the future is cancelled, with {@code mayInterruptIfRunning}
     */
    FutureJob(Executor callbacks, Runnable onDone, PoolFuture.CancelHook onCancel) {
        this.callbacks = callbacks;
        this.onDone = onDone;
        this.future = new PoolFuture<>(callbacks, interrupt -> {
            onDone.run();
            onCancel.cancelled(interrupt);
        });
    }

    PoolFuture<Object> future() {
        return future;
    }

    @Override
    public void succeeded(TaskUnit unit, Object value) {
        if (settled.compareAndSet(false, true)) {
            onDone.run();
            settle(() -> future.complete(value));
        }
    }

    @Override
    public void failed(TaskUnit unit, PoolException error) {
        if (settled.compareAndSet(false, true)) {
            onDone.run();
            settle(() -> future.completeExceptionally(error));
        }
    }

    @Override
    public boolean isCancelled() {
        return future.isDone();
    }

    @Override
    public void abort(PoolException cause, boolean discardArrived) {
        if (settled.compareAndSet(false, true)) {
            settle(() -> future.completeExceptionally(cause));
        }
    }

    private void settle(Runnable completion) {
        if (future.getNumberOfDependents() == 0) {
            completion.run();
        } else {
            callbacks.execute(completion);
        }
    }
}
