package io.procpool.internal;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.internal.progress.ProgressConsole;
import io.procpool.internal.progress.ProgressPrinter;
import io.procpool.internal.schedule.Job;
import io.procpool.internal.schedule.TaskRef;
import io.procpool.internal.schedule.TaskUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One {@code map} or {@code mapUnordered} call: pulls the input lazily on the consumer's thread,
 * keeps {@code pulled - consumed <= window}, and hands results out in input order (a ring of
 * {@code window} slots, which is also the reorder buffer) or in completion order.
 *
 * <p>Threads: the consumer calls {@link #tryAdvance} (through {@link MapResults}); worker reader
 * threads call {@link #succeeded}/{@link #failed}; close calls {@link #stopIntake} and
 * {@link #abort}; {@link #cancel} may come from any thread, the {@link MapResults} cleaner
 * included. Slots, the done queue and {@code head} are guarded by {@code lock}; {@code pulled},
 * {@code consumed}, the local buffer and the input belong to the consumer.
 */
public final class MapJob extends Job {
    private static final byte EMPTY = 0;
    private static final byte OK = 1;
    private static final byte FAILED = 2;
    /**
     * Elements pulled before they are handed to the pool in one go; dispatch cuts batches from
     * them, so this is also the largest batch while the input lasts (see {@link Dispatch}).
     */
    public static final int ENQUEUE_CHUNK = 1024;
    /** Outcomes moved out of the ring per lock round trip; they count as consumed only when handed out. */
    private static final int LOCAL_BUFFER = 256;

    private final Intake coordinator;
    private final String className;
    /** The task instance, or null for the class's no-arg instance. */
    private final TaskRef instance;
    private final Iterator<?> input;
    private final boolean ordered;
    private final int window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Object[] slots;
    private final byte[] states;
    private final ArrayDeque<Object> done;

    /** Elements handed to the consumer (consumer thread only). */
    private long consumed;
    /** Next index to move out of the ring (lock); consumed <= head <= pulled. */
    private long head;
    private final Object[] local;
    private int localPos;
    private int localEnd;
    private volatile PoolException abortCause;
    /** Whether results that arrived before an abort are still handed out (a graceful close). */
    private volatile boolean keepArrived;
    /** The pool is closing: no further input is pulled (the consumer thread reads it). */
    private volatile boolean intakeStopped;
    private long pulled;
    private boolean exhausted;
    /** {@code exhausted || intakeStopped}, for dispatch on other threads (set before the last enqueue). */
    private volatile boolean inputEnded;
    private Throwable inputError;
    private volatile boolean cancelled;
    private boolean finished;
    private final ProgressPrinter progress;

    public MapJob(Intake coordinator, int window, String className, Iterator<?> input, boolean ordered,
            ProgressPrinter progress) {
        this(coordinator, window, className, null, input, ordered, progress);
    }

    public MapJob(Intake coordinator, int window, String className, TaskRef instance, Iterator<?> input, boolean ordered,
            ProgressPrinter progress) {
        this.instance = instance;
        this.progress = progress;
        this.coordinator = coordinator;
        this.className = className;
        this.input = input;
        this.ordered = ordered;
        this.window = window;
        this.slots = ordered ? new Object[window] : null;
        this.states = ordered ? new byte[window] : null;
        this.done = ordered ? null : new ArrayDeque<>();
        this.local = new Object[Math.min(LOCAL_BUFFER, window)];
    }

    /** Consumer thread: hands out the next outcome (see {@link MapResults}). */
    public boolean tryAdvance(Consumer<? super Object> action) {
        if (cancelled || finished) {
            return false;
        }
        if (abortCause != null && !keepArrived) {
            throw closedOrBroken();
        }
        if (localPos == localEnd) {
            refill();
            if (consumed == pulled) {
                finish();
                if (inputError != null) {
                    Throwable e = inputError;
                    inputError = null;
                    throw Sneaky.<RuntimeException>rethrow(e);
                }
                if (!exhausted && (intakeStopped || abortCause != null)) {
                    throw new PoolClosedException("pool was closed: input from " + Outcomes.where(pulled)
                            + " on was not run");
                }
                return false;
            }
            if (!fillLocal()) {
                return false;
            }
        }
        Object value = local[localPos];
        local[localPos++] = null;
        consumed++;
        if (value instanceof Failure f) {
            PoolException e = f.error;
            e.fillInStackTrace();
            throw e;
        }
        action.accept(value == NULL ? null : value);
        return true;
    }

    /** Waits for the next outcome and moves every ready one (up to the local buffer) out of the lock. */
    private boolean fillLocal() {
        lock.lock();
        try {
            while (true) {
                if (cancelled) {
                    return false;
                }
                if (abortCause != null && !keepArrived) {
                    throw closedOrBroken();
                }
                if (drainLocked()) {
                    return true;
                }
                if (abortCause != null) {
                    // Closed gracefully, and the next element will get no outcome: the stream ends here.
                    finish();
                    throw closedOrBroken();
                }
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting for " + Outcomes.where(consumed), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the consumer gets once the pool closed or broke. After {@code closeNow()} or a broken
     * pool, results not yet handed out are not handed out; after {@code close()} they are.
     */
    private PoolException closedOrBroken() {
        return abortCause instanceof PoolClosedException ? new PoolClosedException(abortCause.getMessage())
                : new PoolException(abortCause.getMessage(), abortCause);
    }

    private static final Object NULL = new Object();

    /** Marker for a failed element in the slots and the done queue. */
    private record Failure(PoolException error) {}

    private boolean drainLocked() {
        localPos = 0;
        localEnd = 0;
        if (ordered) {
            while (localEnd < local.length && head < pulled) {
                int s = (int) (head % window);
                if (states[s] == EMPTY) {
                    break;
                }
                local[localEnd++] = slots[s];
                slots[s] = null;
                states[s] = EMPTY;
                head++;
            }
        } else {
            Object v;
            while (localEnd < local.length && (v = done.pollFirst()) != null) {
                local[localEnd++] = v;
            }
        }
        return localEnd > 0;
    }

    private void refill() {
        if (exhausted || intakeStopped || pulled - consumed > window / 2) {
            return;
        }
        List<TaskUnit> chunk = newChunk();
        long nextId = 0;
        long idsLeft = 0;
        while (pulled - consumed < window && !intakeStopped) {
            Object p;
            try {
                if (!input.hasNext()) {
                    exhausted = true;
                    break;
                }
                p = input.next();
            } catch (Throwable e) {
                // Also checked exceptions thrown undeclared (Kotlin, Lombok's @SneakyThrows): the
                // input is over, and the exception comes after the earlier elements' results.
                inputError = e;
                exhausted = true;
                break;
            }
            if (idsLeft == 0) {
                nextId = coordinator.reserveUnitIds(ENQUEUE_CHUNK);
                idsLeft = ENQUEUE_CHUNK;
            }
            idsLeft--;
            long index = pulled++;
            // Serialized later by the writer thread of the worker it goes to, in parallel with this thread.
            chunk.add(new TaskUnit(nextId++, this, index, className, instance, p));
            if (chunk.size() >= ENQUEUE_CHUNK) {
                enqueue(chunk);
                chunk = newChunk();
            }
        }
        if (exhausted || intakeStopped) {
            inputEnded = true;
        }
        enqueue(chunk);
    }

    private List<TaskUnit> newChunk() {
        return new ArrayList<>((int) Math.min(ENQUEUE_CHUNK, window - (pulled - consumed) + 1));
    }

    /**
     * Whether this map will enqueue no more elements: its input is used up (or failed) or the pool
     * stopped its intake. Any thread.
     */
    @Override
    public boolean inputEnded() {
        return inputEnded || intakeStopped;
    }

    /** Hands pulled elements to the pool; if it closed meanwhile, they fail here, in their places. */
    private void enqueue(List<TaskUnit> chunk) {
        try {
            coordinator.enqueue(chunk);
        } catch (PoolException e) {
            intakeStopped = true;
            for (TaskUnit u : chunk) {
                failed(u, e);
            }
        }
    }

    private void store(long index, Object value) {
        if (progress != null) {
            if (value instanceof Failure) {
                progress.failed(1);
            } else {
                progress.succeeded(1);
            }
        }
        lock.lock();
        try {
            if (placeLocked(index, value)) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Puts one outcome in its slot (ordered) or the done queue; true when the consumer may be waiting for it. */
    private boolean placeLocked(long index, Object value) {
        if (ordered) {
            int s = (int) (index % window);
            slots[s] = value;
            states[s] = value instanceof Failure ? FAILED : OK;
            return index == head;
        }
        done.addLast(value);
        return true;
    }

    @Override
    public void succeededAll(TaskUnit[] units, Object[] values, int from, int to) {
        if (progress != null) {
            progress.succeeded(to - from);
        }
        lock.lock();
        try {
            boolean wake = false;
            for (int i = from; i < to; i++) {
                wake |= placeLocked(units[i].index, values[i] == null ? NULL : values[i]);
            }
            if (wake) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void succeeded(TaskUnit unit, Object value) {
        store(unit.index, value == null ? NULL : value);
    }

    @Override
    public void failed(TaskUnit unit, PoolException error) {
        store(unit.index, new Failure(error));
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void stopIntake() {
        intakeStopped = true;
    }

    @Override
    public void abort(PoolException cause, boolean discardArrived) {
        ProgressConsole.close(progress);
        lock.lock();
        try {
            if (abortCause == null) {
                keepArrived = !discardArrived;
                abortCause = cause;
            } else if (discardArrived) {
                keepArrived = false;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stream closed, failed or dropped: drop what is pending, ignore what comes back. Safe from any thread. */
    void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        ProgressConsole.close(progress);
        coordinator.forget(this);
        lock.lock();
        try {
            if (ordered) {
                java.util.Arrays.fill(slots, null);
            } else {
                done.clear();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            ProgressConsole.close(progress);
            coordinator.unregister(this);
        }
    }

    boolean ordered() {
        return ordered;
    }
}
