package io.procpool.internal;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.PoolListener.WorkerExit;
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
 * that must run again go back to the front), one {@link WorkerSlot} per live worker (its phase
 * and its in-flight batches, in the order the worker runs them), the number of spawns under way,
 * and the start back-off. The policies it applies are separate pure classes: {@link Dispatch}
 * (what goes to which worker, batch sizes from measured costs, recycling), {@link ResultMatcher}
 * (results to batches), {@link Attribution} (blame and retries when a worker dies, the timeout
 * decision), {@link StartBackoff} (respawn or give up).
 *
 * <p>Events: {@link #start}, {@link #enqueue}, {@link #forget}, {@link #spawned},
 * {@link #spawnFailed}, {@link #ready}, {@link #results}, {@link #lost}, {@link #tick} (time
 * advanced: timeouts), {@link #drain}, {@link #closing}, {@link #brokeWith}. Each returns the
 * actions to carry out; queries ({@link #readyCount}, {@link #idle}, ...) change nothing.
 */
final class Scheduler {
    /** The settings the decisions depend on. */
    record Settings(int workers, int maxRetries, boolean exactAttribution, long taskTimeoutNanos, int batchSize,
            int maxTasksPerWorker, int maxFrameBytes) {}

    private final Settings settings;
    private final Counters counters;
    private final Dispatch dispatch;
    private final StartBackoff backoff = new StartBackoff();
    private final ArrayDeque<TaskUnit> pending = new ArrayDeque<>();
    /** Live workers in spawn order; a slot leaves when its loss was handled. */
    private final List<WorkerSlot> slots = new ArrayList<>();
    private PoolState state = PoolState.OPENING;
    private PoolException brokenCause;
    /** Spawn actions not yet answered by {@link #spawned}, {@link #spawnFailed} or {@link #rejectedReaped}. */
    private int spawning;
    private int roundRobin;

    Scheduler(Settings settings, Counters counters) {
        this.settings = settings;
        this.counters = counters;
        this.dispatch = new Dispatch(settings.batchSize(), settings.maxTasksPerWorker(), settings.maxFrameBytes());
    }

    // ---------------------------------------------------------------- lifecycle

    /** The pool opens: start its workers. */
    Actions start() {
        Actions out = new Actions();
        for (int i = 0; i < settings.workers(); i++) {
            spawn(out, 0);
        }
        return out;
    }

    /** Every worker is ready: OPENING becomes OPEN (unless the pool broke or closed meanwhile). */
    void opened() {
        if (state == PoolState.OPENING) {
            moveTo(PoolState.OPEN);
        }
    }

    /** Throws unless the pool takes new work. */
    void checkOpen() {
        if (state == PoolState.BROKEN) {
            throw new PoolException("pool is broken: " + brokenCause.getMessage(), brokenCause);
        }
        if (state != PoolState.OPEN) {
            throw new PoolClosedException("pool is closed; open a new WorkerPool");
        }
    }

    /** The pool cannot go on (start-up failed, a worker cannot be started): stop everything. */
    Actions brokeWith(PoolException cause) {
        Actions out = new Actions();
        breakPool(cause, out);
        return out;
    }

    private void breakPool(PoolException cause, Actions out) {
        if (state != PoolState.OPEN && state != PoolState.OPENING) {
            return;
        }
        moveTo(PoolState.BROKEN);
        brokenCause = cause;
        pending.clear();
        for (WorkerSlot s : slots) {
            bye(s, out);
        }
        out.add(new Action.Broke(new PoolException("pool is broken: " + cause.getMessage(), cause)));
    }

    /** {@code close()}: take no new work, finish what is queued and in flight. False if not open. */
    boolean drain() {
        if (state != PoolState.OPEN && state != PoolState.OPENING) {
            return false;
        }
        moveTo(PoolState.DRAINING);
        return true;
    }

    /** Drain is over: nothing queued (cancelled elements dropped on the way), nothing in flight. */
    boolean idle() {
        return PoolState.idle(pending, slots);
    }

    /** Closing for good: what is queued fails, every worker is told BYE. */
    Actions closing() {
        moveTo(PoolState.CLOSING);
        Actions out = new Actions();
        for (TaskUnit u : PoolState.leftovers(pending)) {
            out.add(new Action.Fail(u, Action.Failure.CLOSED, 0, 0));
        }
        for (WorkerSlot s : slots) {
            bye(s, out);
        }
        return out;
    }

    /** Every worker is gone and no spawn is under way. */
    boolean reaped() {
        return slots.isEmpty() && spawning == 0;
    }

    void closed() {
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
    Actions enqueue(List<TaskUnit> units, long now) {
        checkOpen();
        pending.addAll(units);
        Actions out = new Actions();
        dispatch(out, now);
        return out;
    }

    /** A cancelled job: its queued elements are dropped now rather than at dispatch. */
    void forget(Job job) {
        pending.removeIf(u -> u.job == job);
    }

    /**
     * A worker answered {@code ids}, which ran for {@code runNanos} in all. The answered elements
     * are {@link Actions#answered()}, in order; throws, changing nothing, when the ids are not the
     * worker's next elements in flight (a broken channel).
     */
    Actions results(int worker, long[] ids, long runNanos, long now) throws ProtocolException {
        WorkerSlot s = slot(worker);
        if (s == null) {
            throw new ProtocolException("results from worker " + worker + " whose loss was already handled");
        }
        Actions out = new Actions();
        out.answered = ResultMatcher.match(s, ids, now);
        if (ids.length > 0) {
            dispatch.recordCost(out.answered[0].className, runNanos, ids.length);
        }
        if (s.phase() == WorkerSlot.Phase.RETIRING && s.inflight.isEmpty()) {
            bye(s, out);
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
                    out.add(new Action.Send(s.id, sent));
                    if (s.phase() == WorkerSlot.Phase.RETIRING) { // reached maxTasksPerWorker with this batch
                        ensureWorkers(out, now);
                    }
                }
            }
            roundRobin++;
        }
    }

    /** Time advanced: a worker whose running element is past the task timeout is killed. */
    Actions tick(long now) {
        Actions out = new Actions();
        if (settings.taskTimeoutNanos() <= 0) {
            return out;
        }
        for (WorkerSlot s : slots) {
            if (Attribution.timedOut(s, now, settings.taskTimeoutNanos())) {
                out.add(new Action.Kill(s.id));
            }
        }
        if (!out.isEmpty()) {
            ensureWorkers(out, now);
        }
        return out;
    }

    // ---------------------------------------------------------------- workers

    /** A spawn started a process as worker {@code id}; false when the pool closed meanwhile (kill it). */
    boolean spawned(int id, long spawnNanos) {
        if (!state.dispatches()) {
            return false; // stays counted as spawning until rejectedReaped(), so close waits for it
        }
        spawning--;
        slots.add(new WorkerSlot(id, spawnNanos));
        return true;
    }

    /** A worker refused by {@link #spawned} was reaped. */
    void rejectedReaped() {
        spawning--;
    }

    /** A process could not be started at all. */
    Actions spawnFailed(PoolException failure) {
        spawning--;
        return brokeWith(failure);
    }

    /** The worker finished its handshake. */
    Actions ready(int worker, long now) {
        Actions out = new Actions();
        WorkerSlot s = slot(worker);
        if (s == null || s.phase() != WorkerSlot.Phase.STARTING) {
            return out; // told BYE during its handshake (the pool broke)
        }
        if (!state.dispatches()) {
            bye(s, out);
            return out;
        }
        s.moveTo(WorkerSlot.Phase.READY);
        backoff.ready();
        out.add(new Action.Started(worker, now - s.spawnNanos));
        dispatch(out, now);
        return out;
    }

    /** Whether the worker was told to leave: its end of stream is no loss. */
    boolean lossExpected(int worker) {
        WorkerSlot s = slot(worker);
        return s != null && (s.phase() == WorkerSlot.Phase.STOPPING || s.phase() == WorkerSlot.Phase.RETIRED);
    }

    /**
     * How a worker ended, as the coordinator observed it.
     *
     * @param exit exit status ({@link Reaper#UNKNOWN_EXIT} if it could not be reaped)
     * @param expected it ended after BYE, cleanly
     * @param broken it wrote bytes that are not a frame, or reported FATAL (it cannot be a worker)
     * @param why the description of the loss for messages
     * @param startFailure the message if this was a failed start
     */
    record Loss(int exit, boolean expected, boolean broken, String why, String startFailure) {}

    /**
     * A worker is gone and reaped. Unless it was expected, its elements are blamed and re-run or
     * failed ({@link Attribution}); a worker that never got ready is a failed start
     * ({@link StartBackoff}). Then it is replaced if the pool still needs it.
     */
    Actions lost(int worker, Loss loss, long now) {
        Actions out = new Actions();
        WorkerSlot s = slot(worker);
        slots.remove(s);
        WorkerSlot.Phase phase = s.phase();
        boolean retiring = phase == WorkerSlot.Phase.RETIRING || phase == WorkerSlot.Phase.RETIRED;
        WorkerExit reason = retiring ? WorkerExit.RECYCLED : WorkerExit.CLOSED;
        if (loss.expected() && retiring) {
            counters.recycled.incrementAndGet();
        }
        if (!loss.expected() && state.handlesLosses()) {
            counters.crashed.incrementAndGet();
            reason = phase == WorkerSlot.Phase.TIMED_OUT ? WorkerExit.TIMED_OUT : WorkerExit.CRASHED;
            applyLoss(s, Attribution.onLoss(s, settings.exactAttribution(), settings.maxRetries()), out);
            if (!s.wasReady() || loss.broken()) {
                startFailed(s, loss, now, out);
            }
        }
        for (TaskUnit u : PoolState.unfinished(s)) {
            out.add(new Action.Fail(u, Action.Failure.CLOSED, worker, 0));
        }
        s.moveTo(WorkerSlot.Phase.DEAD);
        out.add(new Action.Exited(worker, loss.exit(), reason));
        ensureWorkers(out, now);
        dispatch(out, now);
        return out;
    }

    /** Re-queues at the front, counts retries, fails the culprit for good. */
    private void applyLoss(WorkerSlot s, Attribution.Plan plan, Actions out) {
        List<TaskUnit> back = plan.requeue();
        for (int i = back.size() - 1; i >= 0; i--) {
            pending.addFirst(back.get(i));
        }
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
        boolean killed = !loss.broken() && Signals.fromExitCode(loss.exit()) != null;
        if (backoff.failed(killed, state == PoolState.OPENING, now) == StartBackoff.Verdict.BREAK) {
            out.add(new Action.StartFailed(s.id, false, loss.startFailure()));
            breakPool(new PoolException(loss.startFailure(), null), out);
        } else {
            out.add(new Action.StartFailed(s.id, true, loss.startFailure()));
        }
    }

    /** Tells the worker to leave, once: a retiring worker becomes RETIRED, any other STOPPING. */
    private void bye(WorkerSlot s, Actions out) {
        WorkerSlot.Phase next = switch (s.phase()) {
            case STARTING, READY -> WorkerSlot.Phase.STOPPING;
            case RETIRING -> WorkerSlot.Phase.RETIRED;
            default -> null; // already leaving, or timed out and being killed
        };
        if (next != null) {
            s.moveTo(next);
            out.add(new Action.Bye(s.id));
        }
    }

    /** Spawns workers until the pool has its size again (with the start back-off's delay). */
    private void ensureWorkers(Actions out, long now) {
        if (!state.replacesWorkers(!pending.isEmpty())) {
            return;
        }
        int active = spawning;
        for (WorkerSlot s : slots) {
            if (s.active()) {
                active++;
            }
        }
        long delay = backoff.respawnDelay(now);
        for (int i = active; i < settings.workers(); i++) {
            spawn(out, delay);
        }
    }

    private void spawn(Actions out, long delay) {
        spawning++;
        out.add(new Action.Spawn(delay));
    }

    // ---------------------------------------------------------------- queries

    PoolState state() {
        return state;
    }

    PoolException brokenCause() {
        return brokenCause;
    }

    int readyCount() {
        int n = 0;
        for (WorkerSlot s : slots) {
            if (s.wasReady()) {
                n++;
            }
        }
        return n;
    }

    /** The live workers' slots, in spawn order (read-only for callers). */
    List<WorkerSlot> slots() {
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

    /** The actions of one event, in the order decided; plus, for {@link #results}, the answered elements. */
    static final class Actions {
        private final List<Action> list = new ArrayList<>(4);
        private TaskUnit[] answered;

        void add(Action a) {
            list.add(a);
        }

        List<Action> list() {
            return list;
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        TaskUnit[] answered() {
            return answered;
        }
    }
}
