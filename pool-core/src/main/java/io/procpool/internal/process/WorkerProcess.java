package io.procpool.internal.process;

import io.procpool.internal.Codecs;
import io.procpool.internal.Outcomes;
import io.procpool.internal.PoolTimes;
import io.procpool.internal.TaskInstancesSent;
import io.procpool.internal.WorkerTimes;
import io.procpool.internal.classpath.TaskLoaders;
import io.procpool.internal.schedule.Batch;
import io.procpool.internal.schedule.TaskRef;
import io.procpool.internal.schedule.TaskUnit;
import io.procpool.protocol.Frame;
import io.procpool.protocol.FrameReader;
import io.procpool.protocol.FrameType;
import io.procpool.protocol.FrameWriter;
import io.procpool.protocol.Hello;
import io.procpool.protocol.KryoCodec;
import io.procpool.protocol.PayloadReader;
import io.procpool.protocol.PayloadWriter;
import io.procpool.protocol.ProtocolException;
import io.procpool.protocol.ResultPayload;
import io.procpool.protocol.TaskPayload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child JVM and its I/O, nothing else: the process, a reader thread (decodes frames from the
 * child's stdout and hands them to a {@link Listener}), a writer thread (drains an outbox into the
 * child's stdin, encoding parameters on the way, so nobody else ever blocks on the pipe), and a
 * stderr drain. Scheduling state (the worker's phase, its batches) lives in the {@link Scheduler}.
 */
public final class WorkerProcess {
    private static final Object CLOSE = new Object();
    private static final Logger LOG = LoggerFactory.getLogger("io.procpool.WorkerPool");

    /** What the worker's threads report, in this order: hello, ready, results..., then gone once. */
    public interface Listener {
        /** The child said HELLO; the listener answers with CONFIG. Reader thread. */
        void onHello(WorkerProcess w, Hello hello);

        /** The child applied its configuration. Reader thread. */
        void onReady(WorkerProcess w);

        /** A RESULT frame; a {@link ProtocolException} ends the channel as broken. Reader thread. */
        void onResults(WorkerProcess w, ResultPayload res) throws IOException;

        /** The channel ended or broke, or the process exited; called once. Reader or exit-watch thread. */
        void onGone(WorkerProcess w, Gone gone);
    }

    /**
     * How the channel ended: {@code failure} is null on a clean end of stream; {@code protocolError}
     * when the child wrote bytes that are not a valid frame; {@code fatalMessage} what the child
     * reported in a FATAL frame, if anything.
     */
    public record Gone(String failure, boolean protocolError, String fatalMessage) {}

    /** What a worker's I/O needs from its pool. */
    public record Context(Codecs codecs, TaskLoaders taskLoaders, int maxFrameBytes, boolean killProcessTree,
            ScheduledExecutorService timer, PoolTimes times) {}

    public final int id;
    public final Process process;
    public final long pid;
    private final Context ctx;
    private final Listener listener;
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    /** {@link #encodeParam} as the units see it, made once rather than per element. */
    private final TaskUnit.ParamEncoder encoder = this::encodeParam;
    /** Serializes parameters; writer thread only, made on first use. */
    private KryoCodec paramCodec;
    /** Worker loader ids this worker has had a CLASSPATH frame for; writer thread only. */
    private final java.util.BitSet loadersSent = new java.util.BitSet();
    /** Task instances this worker holds; writer thread only. */
    private final TaskInstancesSent instancesSent = new TaskInstancesSent(TaskInstancesSent.MAX_PER_WORKER);
    public final StderrDrain stderr;
    /** When the coordinator may read this worker's memory next; reader thread only. */
    public long nextMemoryCheckNanos;
    /** What the child reported in a FATAL frame; set by the reader before it reports the loss. */
    private volatile String fatalMessage;
    /** Set by whichever of the reader and the exit watch reports the loss first. */
    private final java.util.concurrent.atomic.AtomicBoolean lossReported = new java.util.concurrent.atomic.AtomicBoolean();
    /** Descendants noted just before the coordinator killed the worker; killed with its session. */
    private final java.util.Set<ProcessHandle> doomed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Where this worker's time goes; its writer and reader threads report, per frame. */
    public final WorkerTimes times;
    /** The pool's time accounting, which keeps this worker's times once it is gone. */
    private final PoolTimes poolTimes;

    public WorkerProcess(int id, Process process, Context ctx, Listener listener) {
        this.id = id;
        this.process = process;
        this.pid = process.pid();
        this.ctx = ctx;
        this.listener = listener;
        this.stderr = new StderrDrain(process.getErrorStream(), id, pid);
        this.times = new WorkerTimes(System.nanoTime());
        // The coordinator's accounting, reached without widening Context or Listener (other
        // listeners, in tests, get one of their own).
        this.poolTimes = ctx.times();
    }

    public void startThreads() {
        poolTimes.add(times);
        stderr.start();
        daemon(this::writeLoop, "procpool-w" + id + "-writer").start();
        daemon(this::readLoop, "procpool-w" + id + "-reader").start();
        ExitWatch.start(this, ctx.timer());
    }

    /**
     * Hands the loss of this worker to the listener, once: the reader (EOF or a broken channel)
     * and the {@link ExitWatch} (the process exited but its stdout did not end) race for it.
     */
    void reportLoss(String failure) {
        reportLoss(failure, false);
    }

    private void reportLoss(String failure, boolean protocolError) {
        if (lossReported.compareAndSet(false, true)) {
            poolTimes.lost(times, System.nanoTime());
            listener.onGone(this, new Gone(failure, protocolError, fatalMessage));
        }
    }

    boolean lossReported() {
        return lossReported.get();
    }

    /** SIGKILLs the worker, noting its descendants first (they are killed once it is gone). */
    public void kill() {
        if (ctx.killProcessTree() && process.isAlive()) {
            doomed.addAll(io.procpool.worker.ProcessTree.descendants(process.toHandle()));
        }
        // Through the handle: Process.destroyForcibly would also close stderr before the drain
        // has read the last lines, which the crash report needs.
        process.toHandle().destroyForcibly();
    }

    /**
     * Kills what the exited worker left: the descendants noted by {@link #kill()} and every
     * process still in the worker's session (unless the pool keeps process trees).
     */
    public void killLeftovers() {
        if (ctx.killProcessTree()) {
            int n = io.procpool.worker.ProcessTree.killLeftovers(pid, Launcher.ownSession(),
                    java.util.List.copyOf(doomed));
            if (n > 0) {
                LOG.debug("killed {} process(es) left by {}", n, this);
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Queues a frame for the child; never blocks. */
    public void send(FrameType type, byte[] payload) {
        outbox.add(new Frame(type, 0, 0, payload));
    }

    /** Queues a batch; the writer thread encodes it, off the coordinator lock. */
    public void send(Batch batch) {
        outbox.add(batch);
    }

    /** Queues BYE and then closes the child's stdin (the scheduler decides it once per worker). */
    public void sendBye() {
        outbox.add(Frame.empty(FrameType.BYE));
        outbox.add(CLOSE);
    }

    private void writeLoop() {
        FrameWriter writer = new FrameWriter(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        PayloadWriter payload = new PayloadWriter(1 << 16);
        try {
            while (true) {
                Object o = outbox.take();
                if (o == CLOSE) {
                    writer.flush();
                    process.getOutputStream().close();
                    return;
                }
                if (o instanceof Batch b) {
                    times.sending(b.units.length, System.nanoTime());
                    writeBatch(writer, b, payload);
                    b.writtenNanos = System.nanoTime();
                } else {
                    Frame f = (Frame) o;
                    writer.write(f.type(), f.correlationId(), f.payload());
                }
                if (outbox.isEmpty()) {
                    writer.flush();
                }
            }
        } catch (IOException e) {
            // The child is gone or going; the reader sees EOF and reports the loss.
            outbox.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Nothing more can be written to this worker: end it, so the reader reports the
            // loss and its elements are re-run elsewhere, instead of waiting for a batch that
            // will never be sent.
            LOG.error("writer of worker {} failed; replacing the worker", this, e);
            outbox.clear();
            kill();
        }
    }

    /** Ends the writer thread of a worker that is gone (it may be blocked waiting for frames). */
    public void closeOutbox() {
        outbox.add(CLOSE);
    }

    /**
     * Writes a batch as TASK frames ({@link TaskPayload}); a CLASSPATH frame for the task's worker
     * loader goes first, once per worker, then an INSTANCE frame for its task instance when the
     * worker does not hold it ({@link TaskInstancesSent}). Parameters are serialized here, on this
     * worker's writer thread, in parallel with the caller; one that cannot be is sent as "skipped" (the worker
     * answers SKIPPED in order, and the coordinator reports the local error). A batch larger than
     * the frame cap goes out as several frames.
     */
    private void writeBatch(FrameWriter writer, Batch b, PayloadWriter p) throws IOException {
        int cap = ctx.maxFrameBytes();
        int i = 0;
        TaskLoaders.WorkerLoader loader = ctx.taskLoaders().forClassName(b.units[0].className);
        int loaderId = loader == null ? 0 : loader.id();
        if (loader != null && !loadersSent.get(loaderId)) {
            p.reset().writeVarInt(loaderId).writeInt(loader.entries().size());
            for (String e : loader.entries()) {
                p.writeString(e);
            }
            writer.write(FrameType.CLASSPATH, 0, p.buffer(), 0, p.size());
            loadersSent.set(loaderId);
        }
        TaskRef instance = b.units[0].instance;
        if (instance != null) {
            instancesSent.sendIfNeeded(writer, p, instance, loaderId);
        }
        while (i < b.units.length) {
            long encodeStart = System.nanoTime();
            int countAt = TaskPayload.begin(p, loaderId, b.units[0].className, instance == null ? 0 : instance.id);
            int count = 0;
            for (; i < b.units.length; i++, count++) {
                TaskUnit u = b.units[i];
                byte[] bytes = u.bytes(encoder);
                if (count > 0 && p.size() + (bytes == null ? 0 : bytes.length) + TaskPayload.ELEMENT_OVERHEAD > cap) {
                    break;
                }
                if (bytes == null) {
                    TaskPayload.skipped(p, u.id);
                } else {
                    TaskPayload.param(p, u.id, bytes);
                }
            }
            TaskPayload.end(p, countAt, count);
            times.encoded(System.nanoTime() - encodeStart);
            writer.write(FrameType.TASK, 0, p.buffer(), 0, p.size());
        }
    }

    private byte[] encodeParam(TaskUnit u, Object param) {
        if (paramCodec == null) {
            paramCodec = ctx.codecs().newWriter();
        }
        try {
            return paramCodec.write(param);
        } catch (KryoCodec.TooLargeException e) {
            throw Outcomes.local(u.className, u.index, "parameter of type " + param.getClass().getName()
                    + " is too large: " + e.getMessage() + "; raise WorkerPool.Builder.maxFrameBytes or send less", e);
        } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
            throw Outcomes.local(u.className, u.index, "cannot serialize parameter of type "
                    + (param == null ? "null" : param.getClass().getName()) + ": " + e.getMessage()
                    + "; give the class a no-arg constructor, make it a record, or mark unserializable fields"
                    + " transient", e);
        }
    }

    private void readLoop() {
        String failure = null;
        boolean protocolError = false;
        FrameReader reader = new FrameReader(process.getInputStream(), ctx.maxFrameBytes());
        try {
            // A JVM can print to stdout before main runs (JFR's start-up lines, -Xlog to stdout):
            // before the handshake, such text is logged and skipped rather than fatal.
            String noise = reader.skipNoiseBeforeFrame(1 << 20);
            if (!noise.isEmpty()) {
                for (String line : noise.split("\n")) {
                    StderrDrain.WORKER_LOG.info("w{} pid {} (stdout before handshake): {}", id, pid, line);
                }
            }
            Frame hello = reader.read();
            if (hello == null) {
                failure = "exited before the handshake";
            } else if (hello.type() != FrameType.HELLO) {
                failure = "sent " + hello.type() + " instead of HELLO";
            } else {
                listener.onHello(this, Hello.decode(hello.payload()));
                failure = readFrames(reader);
            }
        } catch (ProtocolException e) {
            protocolError = true;
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "channel failed: " + e;
        } catch (RuntimeException | Error e) {
            failure = "reader failed: " + e;
            LOG.error("reader of worker w{} (pid {}) failed", id, pid, e);
        }
        reportLoss(failure, protocolError);
    }

    /** Returns null on clean EOF, else what went wrong. */
    private String readFrames(FrameReader reader) throws IOException {
        KryoCodec codec = null;
        while (true) {
            Frame f = reader.read();
            if (f == null) {
                return null;
            }
            if (lossReported()) {
                return null; // the exit watch got there first; nothing more of this worker counts
            }
            switch (f.type()) {
                case READY -> {
                    times.ready(System.nanoTime());
                    codec = ctx.codecs().newReader();
                    listener.onReady(this);
                }
                case RESULT -> {
                    if (codec == null) {
                        return "sent RESULT before READY";
                    }
                    KryoCodec c = codec;
                    long decodeStart = System.nanoTime();
                    ResultPayload res = ResultPayload.decode(f.payload(), (b, off, len) -> readValue(c, b, off, len));
                    long decoded = System.nanoTime();
                    times.answered(res.size(), res.runNanos(), decoded - decodeStart, decoded);
                    listener.onResults(this, res);
                }
                case FATAL -> fatalMessage = new PayloadReader(f.payload()).readString();
                default -> {
                    return "sent an unexpected " + f.type() + " frame";
                }
            }
        }
    }

    /** Local failure to deserialize a result that the worker sent fine. */
    public record UnreadableResult(Throwable error) {}

    /** Decodes one OK body with the coordinator's Kryo; a failure of the value's class fails that element only. */
    private static Object readValue(KryoCodec codec, byte[] payload, int off, int len) {
        try {
            return codec.read(payload, off, len);
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e; // out of memory in the coordinator: not this element's fault alone
            }
            return new UnreadableResult(new IllegalStateException("object graph too deep", e));
        } catch (RuntimeException | Error e) {
            // A result class whose initializer or constructor fails here (AssertionError,
            // ExceptionInInitializerError, NoClassDefFoundError...): that element fails; the
            // worker is healthy and keeps serving.
            return new UnreadableResult(e);
        }
    }

    /**
     * Reads what is left on the worker's stdout as text (at most 4 KiB kept) until it ends or
     * {@code millis} pass; then the caller kills the process. Reader thread only.
     */
    public String drainStdout(long millis) {
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        java.util.concurrent.ScheduledFuture<?> stop;
        try {
            stop = ctx.timer().schedule(this::kill, millis,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return ""; // pool closing: no grace
        }
        try {
            java.io.InputStream in = process.getInputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                kept.write(buf, 0, Math.min(n, Math.max(0, 4096 - kept.size())));
            }
        } catch (IOException e) {
            // stream closed by the kill
        } finally {
            stop.cancel(false);
        }
        return kept.toString(java.nio.charset.StandardCharsets.UTF_8).replaceAll("[^\\x20-\\x7E\\n\\t]", "?");
    }

    @Override
    public String toString() {
        return "w" + id + " (pid " + pid + ")";
    }
}
