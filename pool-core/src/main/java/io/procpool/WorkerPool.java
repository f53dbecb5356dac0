package io.procpool;

import io.procpool.internal.Coordinator;
import io.procpool.internal.PoolConfig;
import io.procpool.internal.PoolOpener;
import io.procpool.internal.ResultSource;
import io.procpool.protocol.Wire;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A pool of worker JVMs that run {@link Task}s: {@code multiprocessing.Pool.imap} for Java.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPool.open(4)) {
 *     pool.map(Sum.class, params).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Each worker is a child process started with the coordinator's {@code java} and a classpath
 * derived from where procpool's and the task's classes come from (see {@link Builder#classpath(String)}).
 * Parameters and results travel as Kryo bytes over the child's stdin and stdout. A worker that
 * dies is replaced and the elements it held are re-run on other workers (so an element may run
 * more than once); see {@link Builder#maxRetries(int)} and {@link Builder#taskTimeout(Duration)}.
 *
 * <p>Thread safety: every method may be called from any thread, concurrently. A stream returned by
 * {@code map} must be consumed by one thread at a time, like any stream.
 */
public final class WorkerPool implements AutoCloseable {
    /** The only key to the coordinator; claimed first, here (see {@link PoolOpener}). */
    private static final PoolOpener OPENER = PoolOpener.claim();

    private final Coordinator coordinator;

    private WorkerPool(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Opens a pool with the default number of workers: available processors minus 2 when there
     * are more than 2, else 1.
     *
     * @throws PoolException when the workers cannot start (the message holds their stderr)
     */
    public static WorkerPool open() {
        return builder().open();
    }

    /**
     * Opens a pool with {@code workers} workers and default settings.
     *
     * @throws IllegalArgumentException when {@code workers} is outside 1..512
     * @throws PoolException when the workers cannot start (the message holds their stderr)
     */
    public static WorkerPool open(int workers) {
        return builder().workers(workers).open();
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code task} on each parameter and returns the results in input order. The input is
     * pulled lazily, as results are consumed; at most {@link Builder#window(int)} elements are
     * pulled but not yet consumed. A failed element throws its {@link PoolException} when
     * iteration reaches it; with {@code iterator()} the following elements can still be read.
     * Closing the returned stream cancels the remaining work and closes {@code params}. So does a
     * terminal operation that consumes the whole stream ({@code forEach}, {@code toList},
     * {@code collect}...) when it throws, and, once it is garbage-collected, a stream or iterator
     * dropped half-way without {@code close()}: queued elements are dropped and buffers released
     * (elements already on a worker finish). After {@link #close()}, no further input is pulled:
     * elements already pulled still complete, then the stream throws {@link PoolClosedException}.
     * Shows a progress bar per the pool's {@link Builder#progress(Progress.Mode)} setting.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Class<? extends Task<P, R>> task, Stream<? extends P> params) {
        return map(task, params, Progress.auto());
    }

    /**
     * Like {@link #map(Class, Stream)}, with progress options for this call (mode, total for a
     * generator-like input, label).
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Class<? extends Task<P, R>> task, Stream<? extends P> params, Progress progress) {
        return run(task, params, progress, true);
    }

    /**
     * Like {@link #map(Class, Stream)} over an {@code Iterable}; a {@code Collection} gives the
     * progress bar its total.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Class<? extends Task<P, R>> task, Iterable<? extends P> params) {
        return map(task, params, Progress.auto());
    }

    /**
     * Like {@link #map(Class, Iterable)}, with progress options for this call.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Class<? extends Task<P, R>> task, Iterable<? extends P> params, Progress progress) {
        return run(task, params, progress, true);
    }

    /**
     * Like {@link #map(Class, Stream)}, but results come in completion order, without waiting for
     * earlier elements.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Class<? extends Task<P, R>> task, Stream<? extends P> params) {
        return mapUnordered(task, params, Progress.auto());
    }

    /**
     * Like {@link #mapUnordered(Class, Stream)}, with progress options for this call.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Class<? extends Task<P, R>> task, Stream<? extends P> params,
            Progress progress) {
        return run(task, params, progress, false);
    }

    /**
     * Like {@link #mapUnordered(Class, Stream)} over an {@code Iterable}.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Class<? extends Task<P, R>> task, Iterable<? extends P> params) {
        return mapUnordered(task, params, Progress.auto());
    }

    /**
     * Like {@link #mapUnordered(Class, Iterable)}, with progress options for this call.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Class<? extends Task<P, R>> task, Iterable<? extends P> params,
            Progress progress) {
        return run(task, params, progress, false);
    }

    /**
     * Like {@link #map(Class, Stream)}, on a task <em>instance</em> whose fields are its arguments:
     * {@code pool.map(new Thumbnail(800, 600), files)} where {@code Thumbnail} is a record
     * implementing {@link Task}.
     *
     * <p>The instance is serialized once, here, with Kryo (as parameters are), and sent to each
     * worker once, before the first element that needs it there, not with every element. Each
     * worker recreates it once from those bytes and runs every element of this call on that one
     * object; Kryo recreates a record through its canonical constructor (so a compact constructor
     * runs once per worker: it is the per-worker initializer), any other class through its no-arg
     * constructor (any visibility), after which its non-transient fields are set. Per-worker state
     * that must not travel (a loaded model, a connection) belongs in a {@code transient} field of
     * a class, created lazily in {@code run} (one thread at a time). If the instance is
     * {@link AutoCloseable}, each worker closes its copy when it retires gracefully or evicts it.
     *
     * <p>Identity: instances of the same class with equal serialized bytes (records with equal
     * components) are one task to the pool and share one copy per worker, whichever object was
     * passed; keep mutable state per worker, never per call. Several instances, equal or not, can
     * run on one pool at once. Each worker keeps at most 64 instances and closes the least
     * recently used beyond that; the pool remembers the bytes of at most 1024 instances (32 MiB)
     * for this sharing, so a service that makes a new instance per request stays bounded (an
     * instance not remembered any more is sent and recreated again when used again).
     *
     * @throws InvalidTaskException at once, with the pool unaffected, when {@code task} is null, a
     *     lambda, anonymous, local or inner class, a non-record without a no-arg constructor, or
     *     cannot be serialized (the message names its class and the fix)
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Task<P, R> task, Stream<? extends P> params) {
        return map(task, params, Progress.auto());
    }

    /**
     * Like {@link #map(Task, Stream)}, with progress options for this call.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Task<P, R> task, Stream<? extends P> params, Progress progress) {
        return run(task, params, progress, true);
    }

    /**
     * Like {@link #map(Task, Stream)} over an {@code Iterable}; a {@code Collection} gives the
     * progress bar its total.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Task<P, R> task, Iterable<? extends P> params) {
        return map(task, params, Progress.auto());
    }

    /**
     * Like {@link #map(Task, Iterable)}, with progress options for this call.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> map(Task<P, R> task, Iterable<? extends P> params, Progress progress) {
        return run(task, params, progress, true);
    }

    /**
     * Like {@link #map(Task, Stream)}, but results come in completion order.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Task<P, R> task, Stream<? extends P> params) {
        return mapUnordered(task, params, Progress.auto());
    }

    /**
     * Like {@link #mapUnordered(Task, Stream)}, with progress options for this call.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Task<P, R> task, Stream<? extends P> params, Progress progress) {
        return run(task, params, progress, false);
    }

    /**
     * Like {@link #mapUnordered(Task, Stream)} over an {@code Iterable}.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Task<P, R> task, Iterable<? extends P> params) {
        return mapUnordered(task, params, Progress.auto());
    }

    /**
     * Like {@link #mapUnordered(Task, Iterable)}, with progress options for this call.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    public <P, R> Stream<R> mapUnordered(Task<P, R> task, Iterable<? extends P> params, Progress progress) {
        return run(task, params, progress, false);
    }

    private <R> Stream<R> run(Task<?, ?> task, Stream<?> params, Progress progress, boolean ordered) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(progress, "progress");
        Spliterator<?> input = params.spliterator();
        return stream(coordinator.map(task, Spliterators.iterator(input), ordered, input.getExactSizeIfKnown(),
                progress), params);
    }

    private <R> Stream<R> run(Task<?, ?> task, Iterable<?> params, Progress progress, boolean ordered) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(progress, "progress");
        long size = params instanceof Collection<?> c ? c.size() : -1;
        return stream(coordinator.map(task, params.iterator(), ordered, size, progress), null);
    }

    private <R> Stream<R> run(Class<?> task, Stream<?> params, Progress progress, boolean ordered) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(progress, "progress");
        Spliterator<?> input = params.spliterator();
        return stream(coordinator.map(task, Spliterators.iterator(input), ordered, input.getExactSizeIfKnown(),
                progress), params);
    }

    private <R> Stream<R> run(Class<?> task, Iterable<?> params, Progress progress, boolean ordered) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(progress, "progress");
        long size = params instanceof Collection<?> c ? c.size() : -1;
        return stream(coordinator.map(task, params.iterator(), ordered, size, progress), null);
    }

    /**
     * Runs {@code task} on one parameter. The future completes with the result, or exceptionally
     * with a {@link PoolException} subclass. When nothing is attached to it yet, it is completed
     * directly on the pool thread that settles it, which then only wakes a blocked {@code get()}:
     * the worker's reader thread (a result, a task failure, the loss of its worker), a worker's
     * exit-watch thread (a loss seen from the process's exit), the timer thread (the pool broke),
     * or the thread that calls {@link #close()} or {@link #closeNow()} (the pool closed first).
     * Dependent stages always run on a pool callback thread (the non-async methods behave like
     * their async forms), never on a thread that reads worker output. {@code cancel(false)} drops
     * the element if it has not been sent and otherwise lets it finish (its result is ignored);
     * {@code cancel(true)} also kills the worker if the element is running (see "Cancelling" in
     * the README for when the pool knows that), and the other elements that worker held run
     * again. {@link #close()} lets submitted work complete;
     * {@link #closeNow()} fails it.
     *
     * @throws InvalidTaskException when {@code task} cannot be a task class
     * @throws PoolClosedException when the pool is closed
     */
    @SuppressWarnings("unchecked")
    public <P, R> CompletableFuture<R> submit(Class<? extends Task<P, R>> task, P params) {
        return (CompletableFuture<R>) coordinator.submit(task, params);
    }

    /**
     * Like {@link #submit(Class, Object)}, on a task instance: {@code pool.submit(new Resize(w, h), image)}.
     * The instance is serialized once and recreated once per worker, and equal instances share
     * one copy per worker; see {@link #map(Task, Stream)}. Calling this with a new instance per
     * request is fine: equal instances are not sent again, and what workers keep is bounded.
     *
     * @throws InvalidTaskException at once, with the pool unaffected, when {@code task} cannot be a
     *     task instance (see {@link #map(Task, Stream)})
     * @throws PoolClosedException when the pool is closed
     */
    @SuppressWarnings("unchecked")
    public <P, R> CompletableFuture<R> submit(Task<P, R> task, P params) {
        return (CompletableFuture<R>) coordinator.submit(task, params);
    }

    /**
     * Counters, live workers and where the workers' time went ({@link PoolStats#insights()}) at
     * this moment; cheap enough to poll.
     */
    public PoolStats stats() {
        return coordinator.stats();
    }

    /** Process ids of the live workers, in start order. */
    public List<Long> workerPids() {
        return coordinator.workerPids();
    }

    /**
     * Closes the pool gracefully, like {@code ExecutorService.close()}: new calls are refused with
     * {@link PoolClosedException} and {@code map} streams pull no further input, but work already
     * submitted completes normally: {@code submit} futures and elements already pulled by a
     * {@code map} run to the end, for up to {@link Builder#shutdownTimeout(Duration)}
     * (default 2 s). Then whatever is still outstanding fails with {@code PoolClosedException}
     * (blocked consumers wake up with it), each worker gets BYE, finishes the element it is
     * running, closes its {@code AutoCloseable} tasks and exits; workers still running at the
     * deadline get SIGTERM, then SIGKILL one second later. Every child is reaped before this
     * returns, so it takes at most the shutdown timeout plus about a second. Idempotent; a second
     * call waits for the first to finish. See {@link #closeNow()} to stop at once.
     */
    @Override
    public void close() {
        coordinator.close();
    }

    /**
     * Closes the pool at once, like {@code ExecutorService.shutdownNow()}: everything outstanding
     * fails with {@link PoolClosedException} now (results that arrived but were not yet consumed
     * are not handed out), running elements are not waited for: workers get SIGTERM and, one
     * second later, SIGKILL, so a task's {@code close()} may not run. Every child is reaped before
     * this returns. Cuts short a {@link #close()} that is waiting in another thread.
     */
    public void closeNow() {
        coordinator.closeNow();
    }

    @SuppressWarnings("unchecked")
    private static <R> Stream<R> stream(ResultSource source, Stream<?> input) {
        Stream<R> s = StreamSupport.stream((Spliterator<R>) (Spliterator<?>) source, false).onClose(source::cancel);
        return input == null ? s : s.onClose(input::close);
    }

    /**
     * Settings for a {@link WorkerPool}. Each setter checks its value at once and throws
     * {@link IllegalArgumentException} naming the setting, the allowed range and the value.
     * Not thread-safe.
     */
    public static final class Builder {
        private int workers = defaultWorkers();
        private final List<String> jvmArgs = new ArrayList<>();
        /** Null: derived (see {@link #classpath(String)}). */
        private String classpath;
        private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
        private Map<String, String> environment; // null: inherit the coordinator's
        private final List<Class<?>> registered = new ArrayList<>();
        private int maxRetries = 2;
        private Duration taskTimeout;
        private int maxTasksPerWorker;
        private int window = 8192;
        private int batchSize;
        private int maxFrameBytes = Wire.DEFAULT_MAX_FRAME_BYTES;
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(2);
        private boolean classDataSharing = true;
        private final List<PoolListener> listeners = new ArrayList<>();
        private Progress.Mode progress = Progress.Mode.AUTO;
        private boolean killProcessTree = true;
        /** -1: the same as {@code workers} (a fixed pool). */
        private int minWorkers = -1;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private long maxWorkerMemory;
        private boolean stopRunningOnMapClose;

        private Builder() {}

        static int defaultWorkers() {
            int cpus = Runtime.getRuntime().availableProcessors();
            return cpus > 2 ? cpus - 2 : 1;
        }

        private static int checkRange(String name, int value, int min, int max) {
            return PoolConfig.checkRange(name, value, min, max);
        }

        private static Duration checkPositive(String name, Duration d) {
            return PoolConfig.checkPositive(name, d);
        }

        /**
         * A fixed number of worker processes, 1..512: sets both {@link #minWorkers} and
         * {@link #maxWorkers}. Default: available processors minus 2 when above 2, else 1.
         */
        public Builder workers(int workers) {
            this.workers = checkRange("workers", workers, 1, 512);
            this.minWorkers = -1;
            return this;
        }

        /**
         * The most worker processes, 1..512 (the pool grows to it while work waits that no live
         * worker can take). Without {@link #minWorkers} the pool stays at this size.
         */
        public Builder maxWorkers(int workers) {
            this.workers = checkRange("maxWorkers", workers, 1, 512);
            return this;
        }

        /**
         * Workers kept when there is nothing to do, 0..maxWorkers; workers above it retire after
         * {@link #idleTimeout} without work. With 0, {@link #open()} returns at once and the first
         * call starts workers. Default: the same as {@link #maxWorkers} (a fixed pool).
         */
        public Builder minWorkers(int workers) {
            this.minWorkers = checkRange("minWorkers", workers, 0, 512);
            return this;
        }

        /** How long a worker above {@link #minWorkers} may stay idle before it retires. Default 60 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = checkPositive("idleTimeout", timeout);
            return this;
        }

        /**
         * Recycle a worker whose resident memory (RSS, read from {@code /proc}) grows past
         * {@code bytes}: it gets no new work, finishes the element it is running and exits (it is
         * replaced when the pool is below {@code minWorkers} or work is waiting); the elements it
         * held run elsewhere. 0 (the default) means no limit; otherwise
         * at least 16 MiB. Checked after each batch of results, at most every 5 ms per worker, so
         * leave room for what one batch can add. Linux only: elsewhere the limit is ignored (with a
         * warning at open).
         */
        public Builder maxWorkerMemory(long bytes) {
            if (bytes != 0 && bytes < PoolConfig.MIN_WORKER_MEMORY) {
                throw new IllegalArgumentException("maxWorkerMemory must be 0 (no limit) or at least "
                        + PoolConfig.MIN_WORKER_MEMORY + " bytes (16 MiB), was " + bytes);
            }
            this.maxWorkerMemory = bytes;
            return this;
        }

        /**
         * What closing a {@code map} stream before its end (or a failed terminal operation, or
         * dropping it) does to its elements already running on workers: {@code false} (the default)
         * lets them finish and drops their results, which costs nothing; {@code true} kills the
         * workers running them, which stops long elements at once but costs a worker start each
         * (the elements of other calls those workers held are re-run, not failed). Either way its
         * queued elements are dropped. For {@code submit}, {@code future.cancel(true)} always
         * kills a running element's worker, and {@code cancel(false)} lets it finish.
         */
        public Builder stopRunningOnMapClose(boolean stop) {
            this.stopRunningOnMapClose = stop;
            return this;
        }

        /**
         * Extra JVM options for every worker, such as {@code -Xmx512m}; each must start with '-'.
         * Added after procpool's own flags, so they win. procpool's flags size a worker to its share
         * of the machine: {@code -XX:ActiveProcessorCount=max(1, cores / workers)} (what a task sees
         * in {@code Runtime.availableProcessors()}), {@code -XX:+UseSerialGC} (left out when these
         * options choose a collector), {@code -XX:CICompilerCount=2} and {@code -Xms16m} (a heap
         * that starts small and grows as used; left out when these options,
         * {@code JDK_JAVA_OPTIONS} or {@code JAVA_TOOL_OPTIONS} size the heap); a task that wants
         * more threads, another collector or a bigger start heap asks for them here. Default: none.
         */
        public Builder jvmArgs(String... args) {
            for (String a : args) {
                if (a == null || !a.startsWith("-")) {
                    throw new IllegalArgumentException("jvmArgs must each start with '-' (a JVM option), was " + a);
                }
                jvmArgs.add(a);
            }
            return this;
        }

        /**
         * Worker classpath as one string in the platform format; when set, it is all a worker can
         * load (procpool's own jars included) and nothing is added to it.
         *
         * <p>Default: derived from where the classes really come from: the jars of procpool and
         * Kryo (their code sources), {@code java.class.path}, {@code jdk.module.path}, and the URLs
         * of the {@code URLClassLoader}s that loaded procpool and the opening thread's context
         * class loader. Jars nested in a Spring Boot executable jar ({@code BOOT-INF/lib},
         * {@code BOOT-INF/classes}) are extracted once into an owner-only cache under
         * {@code java.io.tmpdir}. A task class from another class loader (a plugin's
         * {@code URLClassLoader}) has its loader's entries sent to running workers before its
         * first element, and is loaded there through a loader of its own.
         */
        public Builder classpath(String classpath) {
            if (classpath == null || classpath.isBlank()) {
                throw new IllegalArgumentException("classpath must not be empty, was '" + classpath + "'");
            }
            this.classpath = classpath;
            return this;
        }

        /** Worker classpath as entries; see {@link #classpath(String)} for the default. */
        public Builder classpath(Collection<Path> entries) {
            List<String> parts = new ArrayList<>();
            for (Path p : entries) {
                parts.add(p.toString());
            }
            return classpath(String.join(File.pathSeparator, parts));
        }

        /** The {@code java} launcher for workers. Default: {@code bin/java} of the running JVM. */
        public Builder javaExecutable(Path java) {
            if (java == null) {
                throw new IllegalArgumentException("javaExecutable must not be null");
            }
            this.javaExecutable = java;
            return this;
        }

        /**
         * Replaces the environment of every worker entirely: workers get only these variables, none
         * of the coordinator's. Default: workers inherit the coordinator's environment, as
         * {@code ProcessBuilder} children do.
         *
         * <p>Whatever the environment, workers get the coordinator's {@code file.encoding}, default
         * time zone and locale, {@code java.io.tmpdir} and {@code --enable-preview} as JVM flags
         * ahead of {@link #jvmArgs}, which can override them. On JDK 17 the encoding of file names
         * ({@code sun.jnu.encoding}) follows {@code LANG}/{@code LC_ALL}/{@code LC_CTYPE} only: an
         * environment without them makes it ASCII, so non-ASCII file names fail in tasks.
         */
        public Builder environment(Map<String, String> env) {
            if (env == null) {
                throw new IllegalArgumentException("environment must not be null; omit the call to inherit the"
                        + " coordinator's");
            }
            Map<String, String> copy = new LinkedHashMap<>();
            env.forEach((k, v) -> {
                if (k == null || v == null || k.isEmpty() || k.indexOf('=') >= 0) {
                    throw new IllegalArgumentException("environment entries need a non-empty name without '=' and a"
                            + " value, was " + k + "=" + v);
                }
                copy.put(k, v);
            });
            environment = copy;
            return this;
        }

        /**
         * Classes that parameters or results may contain besides JDK types, records/enums named in
         * the task's {@code Task<P, R>} signature, and classes reachable from those. Registration
         * also makes them cheaper on the wire. Default: none.
         */
        public Builder register(Class<?>... classes) {
            for (Class<?> c : classes) {
                if (c == null) {
                    throw new IllegalArgumentException("register: class must not be null");
                }
                if (!registered.contains(c)) {
                    registered.add(c);
                }
            }
            return this;
        }

        /**
         * How often an element that killed its worker is run again on a fresh worker before it fails
         * with {@link WorkerCrashedException}, 0..100; 0 disables retries. Default 2.
         */
        public Builder maxRetries(int retries) {
            this.maxRetries = checkRange("maxRetries", retries, 0, 100);
            return this;
        }

        /**
         * Longest time one element may run; a longer one is killed with its worker and fails with
         * {@link TaskTimeoutException}. Setting a timeout makes workers report each result at once.
         * Default: no limit.
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = checkPositive("taskTimeout", timeout);
            return this;
        }

        /** Retire a worker gracefully after this many elements (0 = never), like {@code maxtasksperchild}. Default 0. */
        public Builder maxTasksPerWorker(int tasks) {
            this.maxTasksPerWorker = checkRange("maxTasksPerWorker", tasks, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Most elements of one {@code map} call pulled from the input but not yet handed to the
         * consumer, 1..16777216; bounds memory whatever the consumer's speed. Default 8192.
         */
        public Builder window(int window) {
            this.window = checkRange("window", window, 1, 1 << 24);
            return this;
        }

        /** Fixed number of elements per message to a worker, 1..65536, or 0 to size batches automatically. Default 0. */
        public Builder batchSize(int batchSize) {
            this.batchSize = checkRange("batchSize", batchSize, 0, 65536);
            return this;
        }

        /**
         * Largest message on the channel in bytes, 4096..1073741824; a parameter or result larger
         * than this fails alone. Default 64 MiB.
         */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = checkRange("maxFrameBytes", bytes, Wire.MIN_MAX_FRAME_BYTES, 1 << 30);
            return this;
        }

        /** How long {@link #open()} waits for all workers to be ready. Default 30 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = checkPositive("startupTimeout", timeout);
            return this;
        }

        /** How long {@link WorkerPool#close()} lets workers finish before SIGTERM/SIGKILL. Default 2 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = checkPositive("shutdownTimeout", timeout);
            return this;
        }

        /**
         * Whether workers use a class-data sharing archive of procpool's and Kryo's classes, made
         * once per JDK and jar set in a private directory under {@code java.io.tmpdir}; it roughly
         * halves worker start-up. Default true.
         */
        public Builder classDataSharing(boolean enabled) {
            this.classDataSharing = enabled;
            return this;
        }

        /**
         * When {@code map} calls draw a progress bar on stderr: {@code AUTO} (default) only when
         * stderr is a terminal, {@code ON} always, {@code OFF} never. A call can override it with
         * a {@link Progress} argument; the system property {@code procpool.progress=on|off}
         * overrides both (for operators).
         */
        public Builder progress(Progress.Mode mode) {
            if (mode == null) {
                throw new IllegalArgumentException("progress mode must not be null");
            }
            this.progress = mode;
            return this;
        }

        /**
         * Whether the processes a task starts (and theirs) are killed with their worker: when it
         * exits, crashes, is killed, times out, is recycled or the pool closes, and within about
         * a second after the coordinator JVM dies. Default true. Set false only for tasks that
         * deliberately start daemons that must outlive the pool; then such processes are never
         * touched by procpool, and one that inherited the worker's stderr keeps that worker's
         * stderr thread alive until it exits. On Linux, a process found in the worker's session
         * counts even after it was re-parented; one that left the session with {@code setsid()}
         * and whose parent exited cannot be found (see CONCURRENCY.md).
         */
        public Builder killProcessTree(boolean kill) {
            this.killProcessTree = kill;
            return this;
        }

        /** Adds a listener for task and worker events; see {@link PoolListener} for its threading. */
        public Builder listener(PoolListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Starts {@link #minWorkers} workers in parallel and waits until all are ready (with
         * {@code minWorkers(0)}, returns at once).
         *
         * @throws PoolException when a worker cannot start; the message has the command and its stderr,
         *     and no process is left running
         */
        public WorkerPool open() {
            return new WorkerPool(OPENER.open(new PoolConfig(workers, jvmArgs, classpath, javaExecutable,
                    environment, registered, maxRetries, taskTimeout, maxTasksPerWorker, window, batchSize,
                    maxFrameBytes, startupTimeout, shutdownTimeout, classDataSharing, listeners, progress,
                    killProcessTree, minWorkers < 0 ? workers : minWorkers, idleTimeout, maxWorkerMemory,
                    stopRunningOnMapClose)));
        }
    }
}
