package io.procpool.internal.schedule;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.PoolListener.WorkerExit;
import io.procpool.PoolListener.WorkerStart;
import io.procpool.internal.process.Signals;
import io.procpool.protocol.ProtocolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Every scheduling decision of a pool, as one state machine: events in, {@link Action}s out. No
 * threads, no processes, no I/O, no clock of its own (time is an argument), so it is unit-tested
 * with scripted events ({@code SchedulerTest}). Not thread-safe: the coordinator calls it under
 * its lock, carries out the actions, and owns everything that touches a process or a thread.
 *
 * <p>The state: the pool's {@link PoolState}, the pending queue (front = next to send; elements
 * that must run again go back to the front), one {@link WorkerSlot} per live worker (its phase,
 * why it started and why it goes, its in-flight batches in the order the worker runs them), and
 * {@link Staffing} (spawns under way, start back-off). The policies it applies are separate pure
 * classes: {@link Dispatch} (what goes to which worker, batch sizes from measured costs,
 * recycling), {@link ResultMatcher} (results to batches), {@link Attribution} (blame and retries
 * when a worker dies, the timeout decision), {@link Staffing} (how many workers, which idle ones
 * go) and {@link StartBackoff} (respawn or give up).
 *
 * <p>Events: {@link #start}, {@link #enqueue}, {@link #forget}, {@link #cancelRunning},
 * {@link #spawned}, {@link #spawnFailed}, {@link #rejectedReaped}, {@link #ready},
 * {@link #results}, {@link #memoryExceeded}, {@link #lost}, {@link #tick} (time advanced:
 * timeouts, idle workers), {@link #drain}, {@link #closing}, {@link #brokeWith}. Each returns the
 * actions to carry out; queries ({@link #readyCount}, {@link #idle}, ...) change nothing.
 */
public final class Scheduler {
    /** The settings the decisions depend on. */
    public record Settings(int workers, int maxRetries, boolean exactAttribution, long taskTimeoutNanos, int batchSize,
            int maxTasksPerWorker, int maxFrameBytes, int minWorkers, long idleTimeoutNanos) {}

    private final Settings settings;
    private final Counters counters;
    private final Dispatch dispatch;
    private final Staffing staffing;
    private final ArrayDeque<TaskUnit> pending = new ArrayDeque<>();
    /** Live workers in spawn order; a slot leaves when its loss was handled. */
    private final List<WorkerSlot> slots = new ArrayList<>();
    private PoolState state = PoolState.OPENING;
    private PoolException brokenCause;
    private int roundRobin;

    public Scheduler(Settings settings, Counters counters) {
        this.settings = settings;
        this.counters = counters;
        this.dispatch = new Dispatch(settings.batchSize(), settings.maxTasksPerWorker(), settings.maxFrameBytes());
        this.staffing = new Staffing(settings.minWorkers(), settings.workers(), settings.idleTimeoutNanos());
    }

    // ---------------------------------------------------------------- lifecycle

    /** The pool opens: start its {@code minWorkers}. */
    public Actions start() {
        Actions out = new Actions();
        for (int i = 0; i < settings.minWorkers(); i++) {
            staffing.spawn(out, 0, WorkerStart.INITIAL);
        }
        return out;
    }

    /** The minimum of workers is ready: OPENING becomes OPEN (unless the pool broke or closed meanwhile). */
    public void opened() {
        if (state == PoolState.OPENING) {
            moveTo(PoolState.OPEN);
        }
    }

    /** Throws unless the pool takes new work. */
    public void checkOpen() {
        if (state == PoolState.BROKEN) {
            throw new PoolException("pool is broken: " + brokenCause.getMessage(), brokenCause);
        }
        if (state != PoolState.OPEN) {
            throw new PoolClosedException("pool is closed; open a new WorkerPool");
        }
    }

    /** The pool cannot go on (start-up failed, a worker cannot be started): stop everything. */
    public Actions brokeWith(PoolException cause) {
        Actions out = new Actions();
        breakPool(cause, out);
        return out;
    }

    /** Breaks the pool; false if it is already closing, closed or broken. */
    private boolean breakPool(PoolException cause, Actions out) {
        if (state != PoolState.OPEN && state != PoolState.OPENING) {
            return false;
        }
        moveTo(PoolState.BROKEN);
        brokenCause = cause;
        pending.clear();
        for (WorkerSlot s : slots) {
            s.bye(out);
        }
        out.add(new Action.Broke(new PoolException("pool is broken: " + cause.getMessage(), cause)));
        return true;
    }

    /** {@code close()}: take no new work, finish what is queued and in flight. False if not open. */
    public boolean drain() {
        if (state != PoolState.OPEN && state != PoolState.OPENING) {
            return false;
        }
        moveTo(PoolState.DRAINING);
        return true;
    }

    /** Drain is over: nothing queued (cancelled elements dropped on the way), nothing in flight. */
    public boolean idle() {
        return PoolState.idle(pending, slots);
    }

    /** Closing for good: what is queued fails, every worker is told BYE. */
    public Actions closing() {
        moveTo(PoolState.CLOSING);
        Actions out = new Actions();
        for (TaskUnit u : PoolState.leftovers(pending)) {
            out.add(new Action.Fail(u, Action.Failure.CLOSED, 0, 0));
        }
        for (WorkerSlot s : slots) {
            s.bye(out);
        }
        return out;
    }

    /** Every worker is gone and no spawn is under way. */
    public boolean reaped() {
        return slots.isEmpty() && !staffing.spawning();
    }

    public void closed() {
        moveTo(PoolState.CLOSED);
    }

    /** The one place the pool's state changes; throws on an edge the state machine does not have. */
    private void moveTo(PoolState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("pool cannot go from " + state + " to " + next);
        }
        state = next;
    }

    // ---------------------------------------------------------------- work

    /** Queues elements; throws unless the pool is open. */
    public Actions enqueue(List<TaskUnit> units, long now) {
        checkOpen();
        pending.addAll(units);
        Actions out = new Actions();
        dispatch(out, now);
        return out;
    }

    /** A cancelled job: its queued elements are dropped now rather than at dispatch. */
    public void forget(Job job) {
        pending.removeIf(u -> u.job == job);
    }

    /**
     * A job cancelled with interruption ({@link Job#stopsRunning()}): its queued elements are
     * dropped, and each worker running one of its elements is killed and replaced (its other
     * elements run elsewhere). An element of the job still waiting on a worker gets the same when
     * it comes to run ({@link #results}).
     */
    public Actions cancelRunning(Job job, long now) {
        forget(job);
        Actions out = new Actions();
        for (WorkerSlot s : slots) {
            s.killIfRunningCancelled(out, settings.exactAttribution());
        }
        if (!out.isEmpty()) {
            ensureWorkers(out, now, WorkerStart.REPLACEMENT);
        }
        return out;
    }

    /**
     * The worker's resident memory is past the pool's limit: it retires at once (BYE: it finishes
     * the element it runs; the others it held run elsewhere) and is replaced.
     */
    public Actions memoryExceeded(int worker, long now) {
        Actions out = new Actions();
        WorkerSlot s = slot(worker);
        if (s != null && (s.phase() == WorkerSlot.Phase.READY || s.phase() == WorkerSlot.Phase.RETIRING)) {
            s.retire(WorkerExit.MEMORY);
            s.bye(out);
            ensureWorkers(out, now, WorkerStart.REPLACEMENT);
        }
        return out;
    }

    /**
     * A worker answered {@code ids}, which ran for {@code runNanos} in all. The answered elements
     * are {@link Actions#answered()}, in order; throws, changing nothing, when the ids are not the
     * worker's next elements in flight (a broken channel).
     */
    public Actions results(int worker, long[] ids, long runNanos, long now) throws ProtocolException {
        WorkerSlot s = slot(worker);
        if (s == null) {
            throw new ProtocolException("results from worker " + worker + " whose loss was already handled");
        }
        Actions out = new Actions();
        out.answered(ResultMatcher.match(s, ids, now));
        if (ids.length > 0) {
            dispatch.recordCost(out.answered()[0].className, runNanos, ids.length);
        }
        if (s.inflight.isEmpty()) {
            s.idleSinceNanos = now;
            if (s.phase() == WorkerSlot.Phase.RETIRING) {
                s.bye(out);
            }
        } else if (s.killIfRunningCancelled(out, settings.exactAttribution())) {
            ensureWorkers(out, now, WorkerStart.REPLACEMENT);
        }
        dispatch(out, now);
        return out;
    }

    private void dispatch(Actions out, long now) {
        if (!state.dispatches()) {
            return;
        }
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            int n = slots.size();
            for (int k = 0; k < n && !pending.isEmpty(); k++) {
                WorkerSlot s = slots.get((roundRobin + k) % n);
                Batch sent = dispatch.next(pending, s, n, now);
                if (sent != null) {
                    progress = true;
                    s.idleSinceNanos = 0;
                    out.add(new Action.Send(s.id, sent));
                    if (s.phase() == WorkerSlot.Phase.RETIRING) { // reached maxTasksPerWorker with this batch
                        s.retireReason = WorkerExit.RECYCLED;
                        ensureWorkers(out, now, WorkerStart.REPLACEMENT);
                    }
                }
            }
            roundRobin = n == 0 ? 0 : (roundRobin + 1) % n; // never overflows in a pool that runs for months
        }
        if (!pending.isEmpty()) {
            ensureWorkers(out, now, WorkerStart.DEMAND); // grows an elastic pool; a full one is left alone
        }
    }

    /**
     * Time advanced: a worker whose running element is past the task timeout is killed; workers
     * above {@code minWorkers} idle for {@code idleTimeout} retire.
     */
    public Actions tick(long now) {
        Actions out = new Actions();
        if (settings.taskTimeoutNanos() > 0) {
            for (WorkerSlot s : slots) {
                if (Attribution.timedOut(s, now, settings.taskTimeoutNanos())) {
                    out.add(new Action.Kill(s.id));
                }
            }
            if (!out.isEmpty()) {
                ensureWorkers(out, now, WorkerStart.REPLACEMENT);
            }
        }
        if (staffing.elastic() && state == PoolState.OPEN && pending.isEmpty()) {
            for (WorkerSlot s : staffing.idle(slots, now)) {
                s.retire(WorkerExit.IDLE);
                s.bye(out);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- workers

    /** A spawn started a process as worker {@code id}; false when the pool closed meanwhile (kill it). */
    public boolean spawned(int id, long spawnNanos) {
        if (!state.dispatches()) {
            return false; // stays counted as spawning until rejectedReaped(), so close waits for it
        }
        slots.add(new WorkerSlot(id, spawnNanos, staffing.spawnAnswered()));
        return true;
    }

    /** A worker refused by {@link #spawned}, or a spawn that never ran, is over. */
    public void rejectedReaped() {
        staffing.spawnAnswered();
    }

    /** A process could not be started at all. */
    /**
     * A process could not be started at all ({@code ProcessBuilder.start} failed). While the pool
     * opens that fails {@code open()}; later it is retried with the start back-off (a fork can
     * fail for a moment under memory pressure) and breaks the pool after
     * {@value StartBackoff#START_FAILURES_BEFORE_GIVING_UP} in a row.
     */
    public Actions spawnFailed(PoolException failure, long now) {
        staffing.spawnAnswered();
        Actions out = new Actions();
        if (staffing.startFailed(false, state == PoolState.OPENING, now) == StartBackoff.Verdict.BREAK) {
            if (!breakPool(failure, out)) {
                out.add(new Action.StartFailed(0, false, failure.getMessage()));
            }
        } else {
            out.add(new Action.StartFailed(0, true, failure.getMessage()));
            ensureWorkers(out, now, WorkerStart.REPLACEMENT);
        }
        return out;
    }

    /** The worker finished its handshake. */
    public Actions ready(int worker, long now) {
        Actions out = new Actions();
        WorkerSlot s = slot(worker);
        if (s == null || s.phase() != WorkerSlot.Phase.STARTING) {
            return out; // told BYE during its handshake (the pool broke)
        }
        if (!state.dispatches()) {
            s.bye(out);
            return out;
        }
        s.moveTo(WorkerSlot.Phase.READY);
        s.idleSinceNanos = now;
        staffing.ready();
        counters.starts.incrementAndGet(s.startReason.ordinal());
        out.add(new Action.Started(worker, now - s.spawnNanos, s.startReason));
        dispatch(out, now);
        return out;
    }

    /** Whether the worker was told to leave: its end of stream is no loss. */
    public boolean lossExpected(int worker) {
        WorkerSlot s = slot(worker);
        return s != null && (s.phase() == WorkerSlot.Phase.STOPPING || s.phase() == WorkerSlot.Phase.RETIRED);
    }

    /**
     * How a worker ended, as the coordinator observed it.
     *
     * @param exit exit status ({@link Reaper#UNKNOWN_EXIT} if it could not be reaped)
     * @param expected it ended after BYE, cleanly
     * @param protocolError it wrote bytes that are not a frame
     * @param fatal it reported FATAL: it could not apply its configuration (a failed start)
     * @param why the description of the loss for messages
     * @param startFailure the message if this was a failed start
     */
    public record Loss(int exit, boolean expected, boolean protocolError, boolean fatal, String why,
            String startFailure) {}

    /**
     * A worker is gone and reaped. Unless it was expected, its elements are blamed and re-run or
     * failed ({@link Attribution}); a worker that never got ready is a failed start
     * ({@link StartBackoff}). Then it is replaced if the pool still needs it.
     */
    public Actions lost(int worker, Loss loss, long now) {
        Actions out = new Actions();
        WorkerSlot s = slot(worker);
        slots.remove(s);
        WorkerSlot.Phase phase = s.phase();
        boolean retiring = phase == WorkerSlot.Phase.RETIRING || phase == WorkerSlot.Phase.RETIRED;
        WorkerExit reason = retiring ? s.retireReason : WorkerExit.CLOSED;
        if (loss.expected() && reason == WorkerExit.RECYCLED) {
            counters.recycled.incrementAndGet();
        }
        if (phase == WorkerSlot.Phase.CANCELLING && state.handlesLosses()) {
            // Killed by us for a cancelled element: no crash; the cancelled job's elements are
            // dropped, the others had not run (or ran and answered) and go back to the front.
            reason = WorkerExit.CANCELLED;
        } else if (!loss.expected() && state.handlesLosses()) {
            counters.crashed.incrementAndGet();
            reason = phase == WorkerSlot.Phase.TIMED_OUT ? WorkerExit.TIMED_OUT : WorkerExit.CRASHED;
            applyLoss(s, Attribution.onLoss(s, settings.exactAttribution(), settings.maxRetries()), out);
            if (!s.wasReady() || loss.fatal()) {
                startFailed(s, loss, now, out);
            }
        }
        List<TaskUnit> unfinished = PoolState.unfinished(s);
        if (state.dispatches()) {
            // Skipped after BYE (retired for idleness or memory) or behind a cancelled element: they
            // did not run, and run elsewhere.
            requeueAtFront(unfinished);
        } else {
            for (TaskUnit u : unfinished) {
                out.add(new Action.Fail(u, Action.Failure.CLOSED, worker, 0));
            }
        }
        s.moveTo(WorkerSlot.Phase.DEAD);
        counters.exits.incrementAndGet(reason.ordinal());
        out.add(new Action.Exited(worker, loss.exit(), reason));
        ensureWorkers(out, now, WorkerStart.REPLACEMENT);
        dispatch(out, now);
        return out;
    }

    /** Puts {@code units} back at the front of the queue, in their order, leaving out cancelled ones. */
    private void requeueAtFront(List<TaskUnit> units) {
        for (int i = units.size() - 1; i >= 0; i--) {
            if (!units.get(i).job.isCancelled()) {
                pending.addFirst(units.get(i));
            }
        }
    }

    /** Re-queues at the front, counts retries, fails the culprit for good. */
    private void applyLoss(WorkerSlot s, Attribution.Plan plan, Actions out) {
        requeueAtFront(plan.requeue());
        for (TaskUnit u : plan.retried()) {
            counters.retried.incrementAndGet();
            out.add(new Action.Retried(u, s.id));
        }
        TaskUnit u = plan.failed();
        if (u != null) {
            out.add(new Action.Fail(u, plan.timedOut() ? Action.Failure.TIMED_OUT : Action.Failure.CRASHED, s.id,
                    s.timeoutElapsedNanos));
        }
    }

    /** A worker died before READY (or could not apply its configuration): back off and respawn, or give up. */
    private void startFailed(WorkerSlot s, Loss loss, long now, Actions out) {
        boolean killed = !loss.protocolError() && Signals.fromExitCode(loss.exit()) != null;
        if (staffing.startFailed(killed, state == PoolState.OPENING, now) == StartBackoff.Verdict.BREAK) {
            if (!breakPool(new PoolException(loss.startFailure(), null), out)) {
                out.add(new Action.StartFailed(s.id, false, loss.startFailure()));
            }
        } else {
            out.add(new Action.StartFailed(s.id, true, loss.startFailure()));
        }
    }

    /** Spawns workers as {@link Staffing} says, if the pool still replaces workers at all. */
    private void ensureWorkers(Actions out, long now, WorkerStart reason) {
        if (state.replacesWorkers(!pending.isEmpty())) {
            staffing.fill(out, slots, pending.size(), now, reason);
        }
    }

    // ---------------------------------------------------------------- queries

    public PoolState state() {
        return state;
    }

    public PoolException brokenCause() {
        return brokenCause;
    }

    public int readyCount() {
        int n = 0;
        for (WorkerSlot s : slots) {
            if (s.wasReady()) {
                n++;
            }
        }
        return n;
    }

    /** The live workers' slots, in spawn order (read-only for callers). */
    public List<WorkerSlot> slots() {
        return slots;
    }

    private WorkerSlot slot(int worker) {
        for (WorkerSlot s : slots) {
            if (s.id == worker) {
                return s;
            }
        }
        return null;
    }
}
