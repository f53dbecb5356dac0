package io.procpool.internal;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.TaskTimeoutException;
import io.procpool.protocol.FrameType;
import io.procpool.protocol.Hello;
import io.procpool.protocol.ResultPayload;
import io.procpool.protocol.WorkerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler behind a {@code WorkerPool}: it applies the decisions of pure policy objects to
 * real processes and threads.
 *
 * <p>Design: policy apart from mechanics (Caffeine's {@code BoundedLocalCache}), and decisions
 * under the lock with effects after it (OkHttp's {@code Dispatcher.promoteAndExecute}). The
 * policy lives in classes with no threads, no processes and no I/O, each unit-tested with
 * scripted events and a plain-long clock: {@link Dispatch} (what goes to which worker, batch
 * sizes from an EWMA of reported costs, recycling), {@link ResultMatcher} (results to batches;
 * anything else is a broken channel), {@link Attribution} (whom to blame when a worker dies,
 * what runs again, the timeout decision), {@link StartBackoff} (respawn or give up),
 * {@link PoolState} and {@link WorkerSlot} (the two state machines, transitions checked in one
 * place each). This class owns the one lock that guards all of that state, feeds the policy the
 * events (enqueue, handshake, results, loss, timer ticks, close) and carries out what it decides:
 * frames to a worker's outbox, outcomes to jobs after the lock is released, processes started
 * on the timer thread and killed/reaped off the lock. {@link WorkerProcess} is the I/O side of
 * one worker: its process, streams and codecs.
 *
 * <p>Threads that enter: callers (enqueue, close), worker reader threads (handshake, results,
 * loss), exit-watch threads (loss), the timer (spawns, timeouts). Under the lock nobody blocks.
 */
public final class Coordinator {
    /** How long a worker that wrote bad bytes may take to exit by itself before it is killed. */
    static final long STRAY_GRACE_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");

    final PoolConfig config;
    final Codecs codecs;
    final ClassAllowList allowList;
    private final Spawner spawner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<TaskUnit> pending = new ArrayDeque<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final Set<Job> jobs = ConcurrentHashMap.newKeySet();
    private final Dispatch dispatch;
    private final AtomicLong unitIds = new AtomicLong();
    private final AtomicInteger workerIds = new AtomicInteger();
    private final PoolThreads threads = new PoolThreads();
    private final ScheduledExecutorService timer = threads.timer;
    final Counters stats = new Counters();
    final Events events;
    private final TaskClasses taskClasses = new TaskClasses();
    /** Task instances, serialized once each. */
    private final TaskRefs taskRefs;
    final TaskLoaders taskLoaders;

    // lock
    private PoolState state = PoolState.OPENING;
    private PoolException brokenCause;
    private int spawning;
    private final StartBackoff backoff = new StartBackoff();
    private int roundRobin;
    /** {@code closeNow()} was called while {@code close()} drained: stop waiting. */
    private boolean stopNow;

    /** The coordinator as its jobs see it (kept off this class's own surface). */
    private final Intake intake = new Intake() {
        @Override
        public long reserveUnitIds(int n) {
            return Coordinator.this.reserveUnitIds(n);
        }

        @Override
        public void enqueue(List<TaskUnit> units) {
            Coordinator.this.enqueue(units);
        }

        @Override
        public void forget(Job job) {
            Coordinator.this.forget(job);
        }

        @Override
        public void unregister(Job job) {
            Coordinator.this.unregister(job);
        }
    };

    private Coordinator(PoolConfig config) {
        this.config = config;
        this.allowList = new ClassAllowList(config.registered());
        this.taskLoaders = new TaskLoaders(config.classpath());
        this.codecs = new Codecs(config.registered(), allowList, config.maxFrameBytes() - 1024,
                taskLoaders.decodingLoader());
        this.spawner = new Spawner(config, taskLoaders.classpath());
        this.events = new Events(config.listeners());
        this.dispatch = new Dispatch(config.batchSize(), config.maxTasksPerWorker(), config.maxFrameBytes());
        this.taskRefs = new TaskRefs(taskClasses, codecs::newWriter);
    }

    /** Starts the workers and waits until all are ready. Reached only through {@link PoolOpener}. */
    static Coordinator open(PoolConfig config) {
        Coordinator c = new Coordinator(config);
        c.start();
        return c;
    }

    private void start() {
        lock.lock();
        try {
            for (int i = 0; i < config.workers(); i++) {
                spawnLater(0);
            }
        } finally {
            lock.unlock();
        }
        try {
            // Same registrations as every worker: a class Kryo cannot register fails open() here,
            // with the coordinator's stack trace, instead of in each worker after its handshake.
            codecs.newWriter();
        } catch (RuntimeException e) {
            lock.lock();
            try {
                breakLocked(new PoolException("cannot set up serialization for the registered classes "
                        + config.registered() + ": " + e.getMessage() + "; check WorkerPool.Builder.register", e));
            } finally {
                lock.unlock();
            }
        }
        if (config.hasTimeout()) {
            long period = Math.max(5, Math.min(250, config.taskTimeout().toMillis() / 10));
            timer.scheduleWithFixedDelay(this::checkTimeouts, period, period, TimeUnit.MILLISECONDS);
        }
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        lock.lock();
        try {
            while (state == PoolState.OPENING && readyCount() < config.workers()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    breakLocked(new PoolException("workers did not become ready within " + config.startupTimeout()
                            + " (" + readyCount() + " of " + config.workers() + " ready); raise"
                            + " WorkerPool.Builder.startupTimeout or check the workers' stderr", null));
                    break;
                }
                changed.awaitNanos(left);
            }
            if (state == PoolState.OPENING) {
                moveToLocked(PoolState.OPEN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breakLocked(new PoolException("interrupted while starting workers", e));
        } finally {
            lock.unlock();
        }
        PoolException cause = brokenCause();
        if (cause != null) {
            close();
            throw new PoolException(cause.getMessage(), cause.getCause());
        }
        LOG.debug("pool open with {} workers", config.workers());
    }

    Logger log() {
        return LOG;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** Throws if the pool does not accept work. */
    public void checkOpen() {
        lock.lock();
        try {
            checkOpenLocked();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpenLocked() {
        if (state == PoolState.BROKEN) {
            throw new PoolException("pool is broken: " + brokenCause.getMessage(), brokenCause);
        }
        if (state != PoolState.OPEN) {
            throw new PoolClosedException("pool is closed; open a new WorkerPool");
        }
    }

    PoolException brokenCause() {
        lock.lock();
        try {
            return brokenCause;
        } finally {
            lock.unlock();
        }
    }

    void register(Job job) {
        jobs.add(job);
        lock.lock();
        try {
            if (state != PoolState.OPEN) {
                jobs.remove(job);
                checkOpenLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    void unregister(Job job) {
        jobs.remove(job);
    }

    /** Queues units for dispatch. */
    void enqueue(List<TaskUnit> units) {
        if (units.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            checkOpenLocked();
            pending.addAll(units);
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- dispatch

    private int readyCount() {
        int n = 0;
        for (WorkerProcess w : workers) {
            if (w.slot.wasReady()) {
                n++;
            }
        }
        return n;
    }

    private void dispatchLocked() {
        if (!state.dispatches()) {
            return;
        }
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            int n = workers.size();
            for (int k = 0; k < n && !pending.isEmpty(); k++) {
                WorkerProcess w = workers.get((roundRobin + k) % n);
                if (sendBatchLocked(w)) {
                    progress = true;
                }
            }
            roundRobin++;
        }
    }

    private boolean sendBatchLocked(WorkerProcess w) {
        Batch sent = dispatch.next(pending, w.slot, workers.size(), System.nanoTime());
        if (sent == null) {
            return false;
        }
        w.send(sent);
        if (events.enabled()) {
            int n = sent.units.length;
            String cls = sent.units[0].className;
            long pid = w.pid;
            events.emit(l -> l.tasksStarted(cls, n, pid));
        }
        if (w.slot.phase() == WorkerSlot.Phase.RETIRING) { // reached maxTasksPerWorker with this batch
            LOG.debug("recycling {} after {} tasks", w, w.slot.assigned);
            ensureWorkersLocked();
        }
        return true;
    }

    // ---------------------------------------------------------------- worker events

    void onHello(WorkerProcess w, Hello hello) {
        LOG.debug("{} said hello: java {}, {} ms after its main started", w, hello.javaVersion(),
                hello.uptimeMillis());
        List<String> names = new ArrayList<>();
        for (Class<?> c : config.registered()) {
            names.add(c.getName());
        }
        w.send(FrameType.CONFIG, new WorkerSettings(w.id, names, config.maxFrameBytes(), config.exactAttribution()).encode());
    }

    void onReady(WorkerProcess w) {
        lock.lock();
        try {
            long readyNanos = System.nanoTime();
            if (w.slot.phase() != WorkerSlot.Phase.STARTING) {
                return; // told BYE during its handshake (the pool broke)
            }
            if (state == PoolState.CLOSING || state == PoolState.CLOSED || state == PoolState.BROKEN) {
                w.sendBye();
                return;
            }
            w.slot.moveTo(WorkerSlot.Phase.READY);
            backoff.ready();
            LOG.debug("{} ready after {} ms", w, (readyNanos - w.spawnNanos) / 1_000_000);
            Duration took = Duration.ofNanos(readyNanos - w.spawnNanos);
            events.emit(l -> l.workerStarted(w.id, w.pid, took));
            dispatchLocked();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onResults(WorkerProcess w, ResultPayload res) throws IOException {
        int n = res.size();
        TaskUnit[] units;
        lock.lock();
        try {
            units = ResultMatcher.match(w.slot, res.ids(), System.nanoTime());
            if (n > 0) {
                dispatch.recordCost(units[0].className, res.runNanos(), n);
            }
            if (w.slot.phase() == WorkerSlot.Phase.RETIRING && w.slot.inflight.isEmpty()) {
                w.sendBye();
            }
            dispatchLocked();
            if (state == PoolState.DRAINING) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        Outcomes.deliver(units, res, w, this);
    }

    /** Called once by a worker's reader thread when the worker's stdout ended or broke. */
    void onWorkerGone(WorkerProcess w, String failure) {
        boolean expected;
        lock.lock();
        try {
            WorkerSlot.Phase p = w.slot.phase();
            expected = (p == WorkerSlot.Phase.STOPPING || p == WorkerSlot.Phase.RETIRED) && failure == null;
        } finally {
            lock.unlock();
        }
        String strayTail = null;
        if (!expected && failure != null && w.process.isAlive()) {
            // Bad bytes on stdout: often a dying JVM's crash report (HotSpot writes it to fd 1).
            // Let the worker end by itself for a moment, so its own exit status is reported,
            // and keep what else it printed for the message.
            strayTail = w.drainStdout(STRAY_GRACE_MILLIS);
        }
        if (!expected) {
            w.kill();
        }
        int exit = Reaper.awaitExit(w.process, expected ? config.shutdownTimeout() : Duration.ofSeconds(5));
        // Before waiting for stderr: a process the worker started may hold stderr open.
        w.killLeftovers();
        w.stderr.awaitEnd(config.killProcessTree() ? 5000 : 500);
        w.closeOutbox();
        if (strayTail != null && !strayTail.isBlank()) {
            failure = failure + "\n  worker stdout after the bad bytes:\n    " + strayTail.strip().replace("\n", "\n    ");
        }
        ChildRegistry.remove(w.process);
        List<Runnable> deliveries = new ArrayList<>();
        lock.lock();
        try {
            workers.remove(w);
            WorkerSlot.Phase phase = w.slot.phase();
            boolean retiring = phase == WorkerSlot.Phase.RETIRING || phase == WorkerSlot.Phase.RETIRED;
            io.procpool.PoolListener.WorkerExit reason = retiring ? io.procpool.PoolListener.WorkerExit.RECYCLED
                    : io.procpool.PoolListener.WorkerExit.CLOSED;
            if (expected && retiring) {
                stats.recycled.incrementAndGet();
            }
            if (!expected && state.handlesLosses()) {
                stats.crashed.incrementAndGet();
                String why = LossReports.describeLoss(w, exit, failure);
                if (phase == WorkerSlot.Phase.TIMED_OUT) {
                    reason = io.procpool.PoolListener.WorkerExit.TIMED_OUT;
                    LOG.warn("{} killed after task timeout {}: {}", w, config.taskTimeout(), why);
                } else {
                    reason = io.procpool.PoolListener.WorkerExit.CRASHED;
                    LOG.warn("{} died: {}", w, why);
                }
                applyLossLocked(w, Attribution.onLoss(w.slot, config.exactAttribution(), config.maxRetries()), exit, why,
                        deliveries);
                if (!w.slot.wasReady() || w.fatalMessage != null) {
                    // a worker that reported FATAL could not apply its configuration: a start failure
                    startFailedLocked(w, exit, why);
                }
            }
            failUnfinishedLocked(w, deliveries);
            w.slot.moveTo(WorkerSlot.Phase.DEAD);
            io.procpool.PoolListener.WorkerExit r = reason;
            events.emit(l -> l.workerExited(w.id, w.pid, exit, r));
            ensureWorkersLocked();
            dispatchLocked();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        deliveries.forEach(Runnable::run);
    }

    /**
     * Elements still in flight on a worker that is gone and was not replaced because the pool is
     * closing (BYE made it skip them, or it was killed at the end of the shutdown timeout): they
     * fail with {@link PoolClosedException}, so every element gets exactly one outcome.
     */
    private void failUnfinishedLocked(WorkerProcess w, List<Runnable> deliveries) {
        PoolClosedException closed = new PoolClosedException("pool was closed before this element completed");
        for (TaskUnit u : PoolState.unfinished(w.slot)) {
            deliveries.add(() -> u.job.failed(u, closed));
        }
    }

    /** The one place the pool's state changes; throws on an edge the state machine does not have. */
    private void moveToLocked(PoolState next) {
        assert lock.isHeldByCurrentThread();
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("pool cannot go from " + state + " to " + next);
        }
        state = next;
    }

    /** Applies a loss plan: re-queues at the front, counts retries, fails the culprit for good. */
    private void applyLossLocked(WorkerProcess w, Attribution.Plan plan, int exit, String why,
            List<Runnable> deliveries) {
        List<TaskUnit> back = plan.requeue();
        for (int i = back.size() - 1; i >= 0; i--) {
            pending.addFirst(back.get(i));
        }
        for (TaskUnit u : plan.retried()) {
            stats.retried.incrementAndGet();
            long pid = w.pid;
            events.emit(l -> l.taskRetried(u.className, u.index, pid));
        }
        TaskUnit u = plan.failed();
        if (u != null) {
            PoolException ex = plan.timedOut() ? LossReports.timeoutFor(u, w, config.taskTimeout())
                    : LossReports.crashFor(u, w, exit, why, config.maxRetries());
            failedForGood(u, ex);
            deliveries.add(() -> u.job.failed(u, ex));
        }
    }

    /** Counts and reports an element that failed for good. */
    void failedForGood(TaskUnit u, PoolException e) {
        stats.failed.incrementAndGet();
        if (e instanceof TaskTimeoutException) {
            stats.timedOut.incrementAndGet();
        }
        events.emit(l -> l.taskFailed(u.className, e));
    }

    /** A snapshot of the counters and live workers. */
    public io.procpool.PoolStats stats() {
        List<io.procpool.PoolStats.Worker> live = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerProcess w : workers) {
                live.add(new io.procpool.PoolStats.Worker(w.id, w.pid, w.slot.completed, w.slot.inflightItems()));
            }
        } finally {
            lock.unlock();
        }
        return new io.procpool.PoolStats(stats.completed.get(), stats.failed.get(), stats.retried.get(),
                stats.timedOut.get(), stats.started.get(), stats.crashed.get(), stats.recycled.get(), live);
    }

    /** A worker died before READY: back off and respawn, or give up (see {@link StartBackoff}). */
    private void startFailedLocked(WorkerProcess w, int exit, String why) {
        String msg = "worker " + w + " died before the handshake: " + why + "\n  command: " + spawner.describe()
                + LossReports.stderrBlock(w.stderr.tail());
        boolean killed = !w.protocolError && Signals.fromExitCode(exit) != null;
        if (backoff.failed(killed, state == PoolState.OPENING, System.nanoTime()) == StartBackoff.Verdict.BREAK) {
            breakLocked(new PoolException(msg, null));
        } else {
            LOG.warn(killed ? "{}; replacing it" : "{}; restarting it with back-off", msg);
        }
    }

    private void breakLocked(PoolException cause) {
        if (state != PoolState.OPEN && state != PoolState.OPENING) {
            return;
        }
        moveToLocked(PoolState.BROKEN);
        brokenCause = cause;
        LOG.error("pool broken: {}", cause.getMessage());
        pending.clear();
        for (WorkerProcess x : workers) {
            x.sendBye();
        }
        PoolException ex = new PoolException("pool is broken: " + cause.getMessage(), cause);
        timer.execute(() -> jobs.forEach(j -> j.abort(ex, true)));
        changed.signalAll();
    }

    private void ensureWorkersLocked() {
        if (!state.replacesWorkers(!pending.isEmpty())) {
            return;
        }
        int active = spawning;
        for (WorkerProcess w : workers) {
            if (w.slot.active()) {
                active++;
            }
        }
        long delay = backoff.respawnDelay(System.nanoTime());
        for (int i = active; i < config.workers(); i++) {
            spawnLater(delay);
        }
    }

    private void spawnLater(long delayNanos) {
        spawning++;
        timer.schedule(this::spawnOne, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void spawnOne() {
        int id = workerIds.incrementAndGet();
        WorkerProcess w = null;
        PoolException failure = null;
        try {
            long t0 = System.nanoTime();
            Process p = spawner.start();
            ChildRegistry.add(p, config.killProcessTree());
            w = new WorkerProcess(this, id, p, t0);
            stats.started.incrementAndGet();
            LOG.debug("spawned {}", w);
        } catch (IOException | RuntimeException e) {
            failure = new PoolException("cannot start worker process: " + e.getMessage() + "\n  command: "
                    + spawner.describe() + "\n  fix: check WorkerPool.Builder.javaExecutable and jvmArgs", e);
        }
        boolean rejected = false;
        lock.lock();
        try {
            if (failure != null) {
                spawning--;
                breakLocked(failure);
            } else if (state.dispatches()) {
                spawning--;
                workers.add(w);
                w.startThreads();
            } else {
                // The pool closed while this process started: kill it now, reap it off the timer
                // thread; it stays counted as spawning until reaped, so close() waits.
                rejected = true;
                w.kill();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (rejected) {
            // Reaped on its own short-lived thread, never on the timer (which must not block).
            WorkerProcess r = w;
            PoolThreads.daemon(() -> reapRejected(r), "procpool-w" + id + "-reap").start();
        }
    }

    /** Reaps a worker that started after the pool closed; it counted as spawning until now, so close() waited. */
    private void reapRejected(WorkerProcess w) {
        Reaper.awaitExit(w.process, Duration.ofSeconds(5));
        w.killLeftovers();
        ChildRegistry.remove(w.process);
        lock.lock();
        try {
            spawning--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- timeouts

    private void checkTimeouts() {
        List<WorkerProcess> kill = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            long limit = config.taskTimeout().toNanos();
            for (WorkerProcess w : workers) {
                if (Attribution.timedOut(w.slot, now, limit)) {
                    kill.add(w);
                }
            }
            if (!kill.isEmpty()) {
                ensureWorkersLocked();
            }
        } finally {
            lock.unlock();
        }
        for (WorkerProcess w : kill) {
            w.kill();
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Graceful close, like {@code ExecutorService.close()}: stops intake, lets queued and running
     * elements finish until the shutdown timeout, then fails what is left with
     * {@link PoolClosedException} and retires the workers.
     */
    public void close() {
        shutdown(false);
    }

    /** Immediate close: fails everything outstanding at once and stops the workers (SIGTERM, then SIGKILL). */
    public void closeNow() {
        shutdown(true);
    }

    private void shutdown(boolean now) {
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        lock.lock();
        try {
            if (state == PoolState.DRAINING || state == PoolState.CLOSING || state == PoolState.CLOSED) {
                if (now && state == PoolState.DRAINING) {
                    stopNow = true;
                    changed.signalAll();
                }
                awaitClosedLocked();
                return;
            }
            if (!now && state != PoolState.BROKEN) {
                moveToLocked(PoolState.DRAINING);
                for (Job j : jobs) {
                    j.stopIntake();
                }
                drainLocked(deadline);
                now = stopNow;
            }
        } finally {
            lock.unlock();
        }
        retireAll(now, deadline);
    }

    /** Waits until nothing is queued or in flight, or until the deadline. Coordinator lock. */
    private void drainLocked(long deadline) {
        assert lock.isHeldByCurrentThread();
        try {
            while (!stopNow && !idleLocked()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean idleLocked() {
        List<WorkerSlot> slots = new ArrayList<>(workers.size());
        for (WorkerProcess w : workers) {
            slots.add(w.slot);
        }
        return PoolState.idle(pending, slots);
    }

    /** Fails what is left, sends BYE, then SIGTERM and SIGKILL past the deadline; reaps every child. */
    private void retireAll(boolean now, long deadline) {
        List<WorkerProcess> snapshot;
        List<TaskUnit> left;
        lock.lock();
        try {
            moveToLocked(PoolState.CLOSING);
            left = PoolState.leftovers(pending);
            snapshot = new ArrayList<>(workers);
            for (WorkerProcess w : snapshot) {
                w.sendBye();
            }
        } finally {
            lock.unlock();
        }
        PoolClosedException closed = new PoolClosedException("pool was closed before this element completed");
        if (now) {
            for (Job j : jobs) {
                j.abort(closed, true);
            }
        }
        for (TaskUnit u : left) {
            if (!u.job.isCancelled()) {
                u.job.failed(u, closed);
            }
        }
        Reaper.retire(snapshot, now ? Duration.ZERO : Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        lock.lock();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((!workers.isEmpty() || spawning > 0) && System.nanoTime() < until) {
                for (WorkerProcess w : workers) {
                    // Through the handle, like every kill: Process.destroyForcibly would also close
                    // the stderr pipe before the drain has read the last lines.
                    w.process.toHandle().destroyForcibly();
                }
                changed.await(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        // Every element has its outcome by now; this only wakes a consumer that somehow has none.
        for (Job j : jobs) {
            j.abort(closed, now);
        }
        jobs.clear();
        lock.lock();
        try {
            moveToLocked(PoolState.CLOSED);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        threads.shutdown();
        events.shutdown();
        LOG.debug("pool closed");
    }

    /** A cancelled {@code map}: its queued elements are dropped now rather than at dispatch. */
    void forget(Job job) {
        jobs.remove(job);
        lock.lock();
        try {
            pending.removeIf(u -> u.job == job);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitClosedLocked() {
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos() + TimeUnit.SECONDS.toNanos(12);
        try {
            while (state != PoolState.CLOSED && System.nanoTime() < deadline) {
                changed.await(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pids of the live worker processes. */
    public List<Long> workerPids() {
        lock.lock();
        try {
            List<Long> pids = new ArrayList<>();
            for (WorkerProcess w : workers) {
                pids.add(w.pid);
            }
            return pids;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a {@code map} call over {@code input}; nothing is pulled until the first advance.
     *
     * @throws io.procpool.InvalidTaskException when the class cannot be a task
     */
    public ResultSource map(Class<?> taskClass, java.util.Iterator<?> input, boolean ordered, long knownSize,
            io.procpool.Progress progress) {
        taskClasses.check(taskClass);
        return map(taskClass, null, input, ordered, knownSize, progress);
    }

    /**
     * Like {@link #map(Class, java.util.Iterator, boolean, long, io.procpool.Progress)} on a task
     * instance, serialized here once ({@link TaskRefs}).
     *
     * @throws io.procpool.InvalidTaskException when the instance cannot be a task or be serialized
     */
    public ResultSource map(io.procpool.Task<?, ?> task, java.util.Iterator<?> input, boolean ordered, long knownSize,
            io.procpool.Progress progress) {
        TaskRef ref = taskRefs.of(task);
        return map(ref.type, ref, input, ordered, knownSize, progress);
    }

    private ResultSource map(Class<?> taskClass, TaskRef instance, java.util.Iterator<?> input, boolean ordered,
            long knownSize, io.procpool.Progress progress) {
        taskLoaders.prepare(taskClass);
        allowList.allowTaskTypes(taskClass);
        checkOpen();
        ProgressPrinter printer = ProgressConsole.open(config.progress(), progress, taskClass.getSimpleName(), knownSize,
                timer);
        MapJob job = new MapJob(intake, config.window(), taskClass.getName(), instance, input, ordered, printer);
        try {
            register(job);
        } catch (RuntimeException e) {
            ProgressConsole.close(printer);
            throw e;
        }
        return new MapResults(job);
    }

    /** Sends one parameter; the future completes as described in {@link FutureJob}. */
    public java.util.concurrent.CompletableFuture<Object> submit(Class<?> taskClass, Object params) {
        taskClasses.check(taskClass);
        return submit(taskClass, null, params);
    }

    /** Like {@link #submit(Class, Object)} on a task instance, serialized here once ({@link TaskRefs}). */
    public java.util.concurrent.CompletableFuture<Object> submit(io.procpool.Task<?, ?> task, Object params) {
        TaskRef ref = taskRefs.of(task);
        return submit(ref.type, ref, params);
    }

    private java.util.concurrent.CompletableFuture<Object> submit(Class<?> taskClass, TaskRef instance, Object params) {
        taskLoaders.prepare(taskClass);
        allowList.allowTaskTypes(taskClass);
        FutureJob[] self = new FutureJob[1];
        FutureJob job = new FutureJob(threads.callbacks, () -> unregister(self[0]));
        self[0] = job;
        register(job);
        enqueue(List.of(new TaskUnit(reserveUnitIds(1), job, -1, taskClass.getName(), instance, params)));
        return job.future();
    }

    /** Reserves {@code n} consecutive unit ids and returns the first (fewer shared writes than one by one). */
    long reserveUnitIds(int n) {
        return unitIds.getAndAdd(n) + 1;
    }

    int maxRetries() {
        return config.maxRetries();
    }
}
