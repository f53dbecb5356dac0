package io.procpool.internal;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.internal.classpath.TaskLoaders;
import io.procpool.internal.process.ChildRegistry;
import io.procpool.internal.process.PoolThreads;
import io.procpool.internal.process.ProcMemory;
import io.procpool.internal.process.Spawner;
import io.procpool.internal.process.WorkerProcess;
import io.procpool.internal.schedule.Actions;
import io.procpool.internal.schedule.Counters;
import io.procpool.internal.schedule.Job;
import io.procpool.internal.schedule.PoolState;
import io.procpool.internal.schedule.Scheduler;
import io.procpool.internal.schedule.TaskUnit;
import io.procpool.internal.schedule.WorkerSlot;
import io.procpool.protocol.FrameType;
import io.procpool.protocol.Hello;
import io.procpool.protocol.ResultPayload;
import io.procpool.protocol.WorkerSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mechanics behind a {@code WorkerPool}: it feeds events to the {@link Scheduler} and carries
 * out the {@link Action}s it returns, on real processes and threads.
 *
 * <p>Design: policy apart from mechanics (Caffeine's {@code BoundedLocalCache}), and decisions
 * under the lock with effects after it (OkHttp's {@code Dispatcher.promoteAndExecute}). Every
 * decision is the scheduler's, made under this class's one lock; this class never decides
 * anything about workers or elements itself. After the scheduler returns, {@link Action.Send}
 * and {@link Action.Bye} are put on the worker's outbox still under the lock (non-blocking queue
 * operations whose order must match the scheduler's), then the lock is released and the rest is
 * carried out: outcomes to jobs, kills, spawns on the timer. {@link Effects} carries out the
 * actions; {@link Calls} turns calls into jobs; {@link WorkerProcess} is the I/O of one worker;
 * {@link WorkerLoss} reaps a lost one; {@link Shutdown} closes the pool.
 *
 * <p>Threads that enter: callers (enqueue, close), worker reader threads (handshake, results,
 * loss), exit-watch threads (loss), the timer (spawns, timeout ticks). Under the lock nobody blocks.
 */
public final class Coordinator implements WorkerProcess.Listener {
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");
    /** Least time between two reads of one worker's memory. */
    static final long MEMORY_CHECK_NANOS = 5_000_000;

    final PoolConfig config;
    final Codecs codecs;
    final ClassAllowList allowList;
    final Spawner spawner;
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the scheduler's state changes in a way someone may wait for. */
    final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    final Scheduler scheduler;
    /** Live worker processes by id; written under the lock, read by action appliers after it. */
    final Map<Integer, WorkerProcess> processes = new ConcurrentHashMap<>();
    final Set<Job> jobs = ConcurrentHashMap.newKeySet();
    final PoolThreads threads = new PoolThreads();
    final Counters stats = new Counters();
    /** Where the workers' time goes; kept after a worker is gone. */
    final PoolTimes times = new PoolTimes();
    final Events events;
    final TaskLoaders taskLoaders;
    private final WorkerProcess.Context workerContext;
    private final AtomicInteger workerIds = new AtomicInteger();
    private final Shutdown shutdown = new Shutdown(this);
    final Effects effects = new Effects(this);
    private final Calls calls;

    private Coordinator(PoolConfig config) {
        this.config = config;
        this.allowList = new ClassAllowList(config.registered());
        this.taskLoaders = new TaskLoaders(config.classpath());
        this.codecs = new Codecs(config.registered(), allowList, config.maxFrameBytes() - 1024,
                taskLoaders.decodingLoader());
        this.spawner = new Spawner(config, taskLoaders.classpath());
        this.events = new Events(config.listeners());
        this.workerContext = new WorkerProcess.Context(codecs, taskLoaders, config.maxFrameBytes(),
                config.killProcessTree(), threads.timer, times);
        this.scheduler = new Scheduler(new Scheduler.Settings(config.workers(), config.maxRetries(),
                config.exactAttribution(), config.hasTimeout() ? config.taskTimeout().toNanos() : 0,
                config.batchSize(), config.maxTasksPerWorker(), config.maxFrameBytes(), config.minWorkers(),
                config.idleTimeout().toNanos()), stats);
        this.calls = new Calls(this);
    }

    /** Starts the workers and waits until all are ready. Reached only through {@link PoolOpener}. */
    static Coordinator open(PoolConfig config) {
        Coordinator c = new Coordinator(config);
        c.start();
        return c;
    }

    private void start() {
        apply(() -> scheduler.start());
        try {
            // Same registrations as every worker: a class Kryo cannot register fails open() here,
            // with the coordinator's stack trace, instead of in each worker after its handshake.
            codecs.newWriter();
        } catch (RuntimeException e) {
            apply(() -> scheduler.brokeWith(new PoolException("cannot set up serialization for the registered classes "
                    + config.registered() + ": " + e.getMessage() + "; check WorkerPool.Builder.register", e)));
        }
        long period = tickPeriodMillis(config);
        if (period > 0) {
            threads.timer.scheduleWithFixedDelay(() -> apply(() -> scheduler.tick(System.nanoTime())), period, period,
                    TimeUnit.MILLISECONDS);
        }
        if (config.maxWorkerMemory() > 0 && !ProcMemory.available()) {
            LOG.warn("maxWorkerMemory is set but worker memory cannot be read here (no /proc): it is not enforced");
        }
        PoolException cause = awaitReady(System.nanoTime() + config.startupTimeout().toNanos());
        if (cause != null) {
            close();
            throw new PoolException(cause.getMessage(), cause.getCause());
        }
        LOG.debug("pool open with {} workers", config.workers());
    }

    /**
     * How often the timer ticks the scheduler: a tenth of the task timeout (5..250 ms), a quarter
     * of the idle timeout (5..1000 ms) for an elastic pool, whichever is shorter; 0: never.
     */
    static long tickPeriodMillis(PoolConfig config) {
        long period = Long.MAX_VALUE;
        if (config.hasTimeout()) {
            period = Math.max(5, Math.min(250, config.taskTimeout().toMillis() / 10));
        }
        if (config.elastic()) {
            period = Math.min(period, Math.max(5, Math.min(1000, config.idleTimeout().toMillis() / 4)));
        }
        return period == Long.MAX_VALUE ? 0 : period;
    }

    /** Waits until the minimum of workers is ready, then opens; returns why the pool broke instead. */
    private PoolException awaitReady(long deadline) {
        Actions broke = null;
        lock.lock();
        try {
            while (scheduler.state() == PoolState.OPENING && scheduler.readyCount() < config.minWorkers()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    broke = scheduler.brokeWith(new PoolException("workers did not become ready within "
                            + config.startupTimeout() + " (" + scheduler.readyCount() + " of " + config.minWorkers()
                            + " ready); raise WorkerPool.Builder.startupTimeout or check the workers' stderr", null));
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broke = scheduler.brokeWith(new PoolException("interrupted while starting workers", e));
        } finally {
            if (broke != null) {
                effects.applyLocked(broke, null);
            }
            scheduler.opened();
            lock.unlock();
        }
        if (broke != null) {
            effects.applyAfter(broke, null);
        }
        lock.lock();
        try {
            return scheduler.brokenCause();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- applying decisions

    /** A scheduler event under the lock, its queue actions under it too, the rest after it. */
    void apply(java.util.function.Supplier<Actions> event) {
        Actions out;
        lock.lock();
        try {
            out = event.get();
            effects.applyLocked(out, null);
        } finally {
            lock.unlock();
        }
        effects.applyAfter(out, null);
    }

    // ---------------------------------------------------------------- worker events

    @Override
    public void onHello(WorkerProcess w, Hello hello) {
        LOG.debug("{} said hello: java {}, {} ms after its main started", w, hello.javaVersion(),
                hello.uptimeMillis());
        List<String> names = new ArrayList<>();
        for (Class<?> c : config.registered()) {
            names.add(c.getName());
        }
        w.send(FrameType.CONFIG,
                new WorkerSettings(w.id, names, config.maxFrameBytes(), config.exactAttribution()).encode());
    }

    @Override
    public void onReady(WorkerProcess w) {
        apply(() -> scheduler.ready(w.id, System.nanoTime()));
    }

    @Override
    public void onResults(WorkerProcess w, ResultPayload res) throws IOException {
        Actions out;
        lock.lock();
        try {
            out = scheduler.results(w.id, res.ids(), res.runNanos(), System.nanoTime());
            effects.applyLocked(out, null);
        } finally {
            lock.unlock();
        }
        effects.applyAfter(out, null);
        Outcomes.deliver(out.answered(), res, w, this);
        if (config.maxWorkerMemory() > 0) {
            checkMemory(w);
        }
    }

    /** Reader thread: recycles the worker if its resident memory is past the limit (at most every 5 ms). */
    private void checkMemory(WorkerProcess w) {
        long now = System.nanoTime();
        if (now < w.nextMemoryCheckNanos) {
            return;
        }
        w.nextMemoryCheckNanos = now + MEMORY_CHECK_NANOS;
        long rss = ProcMemory.residentBytes(w.pid);
        if (rss > config.maxWorkerMemory()) {
            LOG.info("{} uses {} MiB, over maxWorkerMemory {} MiB: recycling it", w, rss >> 20,
                    config.maxWorkerMemory() >> 20);
            apply(() -> scheduler.memoryExceeded(w.id, now));
        }
    }

    @Override
    public void onGone(WorkerProcess w, WorkerProcess.Gone gone) {
        WorkerLoss.handle(this, w, gone);
    }

    // ---------------------------------------------------------------- spawning

    void spawnLater(long delayNanos) {
        try {
            threads.timer.schedule(this::spawnOne, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            spawnOver(); // the pool closed: this spawn will not happen
        }
    }

    /** A spawn under way ends without a worker (refused, or never started); close() may be waiting for it. */
    void spawnOver() {
        lock.lock();
        try {
            scheduler.rejectedReaped();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Timer thread: starts one process; never waits for it. */
    private void spawnOne() {
        if (!dispatching()) {
            spawnOver(); // decided before the pool closed (a closed pool never dispatches again)
            return;
        }
        int id = workerIds.incrementAndGet();
        WorkerProcess w;
        long t0 = System.nanoTime();
        try {
            Process p = spawner.start();
            ChildRegistry.add(p, config.killProcessTree());
            w = new WorkerProcess(id, p, workerContext, this);
            stats.started.incrementAndGet();
            LOG.debug("spawned {}", w);
        } catch (IOException | RuntimeException e) {
            apply(() -> scheduler.spawnFailed(new PoolException("cannot start worker process: " + e.getMessage()
                    + "\n  command: " + spawner.describe()
                    + "\n  fix: check WorkerPool.Builder.javaExecutable and jvmArgs", e), System.nanoTime()));
            return;
        }
        boolean accepted;
        lock.lock();
        try {
            accepted = scheduler.spawned(id, t0);
            if (accepted) {
                processes.put(id, w);
                w.startThreads();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!accepted) {
            // The pool closed while this process started: kill it, and reap it on its own
            // short-lived thread, never on the timer (which must not block).
            w.kill();
            PoolThreads.daemon(() -> WorkerLoss.reapRejected(this, w), "procpool-w" + id + "-reap").start();
        }
    }

    private boolean dispatching() {
        lock.lock();
        try {
            return scheduler.state().dispatches();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- calls (see Calls)

    /** Throws if the pool does not accept work. */
    public void checkOpen() {
        lock.lock();
        try {
            scheduler.checkOpen();
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
        return calls.map(taskClass, input, ordered, knownSize, progress);
    }

    /**
     * Like {@link #map(Class, java.util.Iterator, boolean, long, io.procpool.Progress)} on a task
     * instance, serialized here once ({@link TaskRefs}).
     *
     * @throws io.procpool.InvalidTaskException when the instance cannot be a task or be serialized
     */
    public ResultSource map(io.procpool.Task<?, ?> task, java.util.Iterator<?> input, boolean ordered,
            long knownSize, io.procpool.Progress progress) {
        return calls.map(task, input, ordered, knownSize, progress);
    }

    /** Sends one parameter; the future completes as described in {@link FutureJob}. */
    public CompletableFuture<Object> submit(Class<?> taskClass, Object params) {
        return calls.submit(taskClass, params);
    }

    /** Like {@link #submit(Class, Object)} on a task instance, serialized here once ({@link TaskRefs}). */
    public CompletableFuture<Object> submit(io.procpool.Task<?, ?> task, Object params) {
        return calls.submit(task, params);
    }

    /** Counts and reports an element that failed for good. */
    void failedForGood(TaskUnit u, PoolException e) {
        stats.failed.incrementAndGet();
        if (e instanceof io.procpool.TaskTimeoutException) {
            stats.timedOut.incrementAndGet();
        }
        events.emit(l -> l.taskFailed(u.className, e));
    }

    // ---------------------------------------------------------------- views and close

    /** A snapshot of the counters and live workers. */
    public io.procpool.PoolStats stats() {
        List<io.procpool.PoolStats.Worker> live = new ArrayList<>();
        long now = System.nanoTime();
        lock.lock();
        try {
            for (WorkerSlot s : scheduler.slots()) {
                WorkerProcess w = processes.get(s.id); // a slot's process is in the map while the slot lives
                live.add(new io.procpool.PoolStats.Worker(s.id, w.pid, s.completed, s.inflightItems(),
                        w.times.snapshot(now)));
            }
        } finally {
            lock.unlock();
        }
        return new io.procpool.PoolStats(stats.completed.get(), stats.failed.get(), stats.retried.get(),
                stats.timedOut.get(), stats.started.get(), stats.crashed.get(), stats.recycled.get(), live,
                Counters.byReason(io.procpool.PoolListener.WorkerStart.class, stats.starts),
                Counters.byReason(io.procpool.PoolListener.WorkerExit.class, stats.exits),
                times.totals(now), times.taskTimes());
    }

    /** Pids of the live worker processes. */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (WorkerProcess w : processes.values()) {
            pids.add(w.pid);
        }
        return pids;
    }

    /**
     * Graceful close, like {@code ExecutorService.close()}: stops intake, lets queued and running
     * elements finish until the shutdown timeout, then fails what is left with
     * {@link PoolClosedException} and retires the workers.
     */
    public void close() {
        shutdown.run(false);
    }

    /** Immediate close: fails everything outstanding at once and stops the workers (SIGTERM, then SIGKILL). */
    public void closeNow() {
        shutdown.run(true);
    }
}
