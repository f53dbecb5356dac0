package io.procpool.worker;

import io.procpool.protocol.Frame;
import io.procpool.protocol.FrameType;
import io.procpool.protocol.FrameWriter;
import io.procpool.protocol.Hello;
import io.procpool.protocol.KryoCodec;
import io.procpool.protocol.ProtocolException;
import io.procpool.protocol.RemoteError;
import io.procpool.protocol.ResultStatus;
import io.procpool.protocol.TaskPayload;
import io.procpool.protocol.Wire;
import io.procpool.protocol.WorkerSettings;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Main class of a worker JVM.
 *
 * <p>Start-up order matters. First the channel takes its file descriptor (3, or 1 without the
 * launcher wrapper, see {@link ChannelStreams}) and
 * {@code System.out} is pointed at stderr, so nothing printed by task code can reach the channel;
 * {@code System.out} and {@code System.err} both go through {@link ElementOutput}, which keeps
 * what the running element prints for its error report.
 * Then HELLO goes out before Kryo is loaded, so the coordinator sees the process alive quickly.
 * Then the parent watch and the stdin reader start; after CONFIG the codec is built and READY
 * sent. The main thread runs tasks one at a time, in arrival order; results of a batch are sent
 * together unless they have waited {@link ResultBuffer#MAX_HOLD_NANOS} or the coordinator asked
 * for one frame per result (exact timeouts).
 *
 * <p>Arguments: {@code parentPid parentStartEpochMillis maxFrameBytes} (-1 when unknown; the cap
 * is needed before CONFIG can be read).
 */
public final class WorkerMain {
    /** System property that makes the worker announce another protocol version (tests only). */
    public static final String VERSION_OVERRIDE_PROPERTY = "procpool.worker.protocolVersion";

    /** First argument that makes the JVM load and exercise the codec, then exit (for CDS archives). */
    public static final String WARM_UP = "--warm-up";

    private static final long MAIN_STARTED = System.nanoTime();

    private WorkerMain() {}

    /**
     * Runs {@link #warmUp()}. A class, not a lambda: the first lambda in a JVM costs ~20 ms of
     * bootstrap, which the start-up path must not pay (nor indy string concatenation: this module
     * is compiled with {@code -XDstringConcat=inline}).
     */
    private static final class Preload implements Runnable {
        @Override
        public void run() {
            warmUp();
        }
    }

    private static void warmUp() {
        KryoCodec codec = KryoCodec.trusting(List.of(), WorkerMain.class.getClassLoader(), 1 << 16);
        java.util.Map<String, Object> sample = new java.util.HashMap<>();
        sample.put("a", 1);
        sample.put("b", List.of("x", 2L, 3.0));
        byte[] b = codec.write(sample);
        codec.read(b, 0, b.length);
    }

    /**
     * Runs the worker until BYE or until the coordinator goes away.
     *
     * @param args parent pid and parent start time in epoch millis
     */
    public static void main(String[] args) {
        FileOutputStream channel = ChannelStreams.output();
        ElementOutput output = new ElementOutput(new FileOutputStream(FileDescriptor.err));
        System.setOut(new PrintStream(output, true));
        System.setErr(new PrintStream(output, true));
        if (args.length > 0 && args[0].equals(WARM_UP)) {
            warmUp();
            return;
        }
        WorkerShutdown.install();
        int version = Integer.getInteger(VERSION_OVERRIDE_PROPERTY, Wire.VERSION);
        FrameWriter writer = new FrameWriter(new BufferedOutputStream(channel, 1 << 16), version);
        try {
            long uptime = (System.nanoTime() - MAIN_STARTED) / 1_000_000;
            // pid 0: the coordinator knows it from Process.pid(), and ProcessHandle's first use
            // costs a cold JVM over 10 ms, which the handshake should not wait for.
            writer.write(FrameType.HELLO, 0, new Hello(0, System.getProperty("java.version"), uptime).encode());
            writer.flush();
        } catch (IOException e) {
            Exits.now(Exits.PARENT_GONE, "cannot write HELLO: " + e);
        }
        // Order matters on a busy machine: first the stdin reader (CONFIG must be read quickly),
        // then Kryo's class loading and static initialisation (most of a worker's start-up) in the
        // background while the handshake completes; the parent watch (its first ProcessHandle use
        // costs a cold JVM ~10 ms of CPU) starts once READY is out.
        int maxFrameBytes = args.length > 2 ? Integer.parseInt(args[2]) : Wire.DEFAULT_MAX_FRAME_BYTES;
        ChannelInput input = new ChannelInput(new BufferedInputStream(ChannelStreams.input(), 1 << 16),
                maxFrameBytes);
        input.start("procpool-stdin");
        Thread preload = new Thread(new Preload(), "procpool-preload");
        preload.setDaemon(true);
        preload.start();
        Runnable watchParent = new ParentWatch.Starter(args.length > 0 ? Long.parseLong(args[0]) : -1,
                args.length > 1 ? Long.parseLong(args[1]) : -1);
        try {
            new WorkerMain.Loop(input, writer, watchParent, output).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Exits.now(Exits.PROTOCOL, "interrupted");
        } catch (IOException e) {
            Exits.now(Exits.PROTOCOL, "channel failed: " + e.getMessage());
        } catch (Throwable e) {
            e.printStackTrace();
            Exits.now(Exits.CONFIG, "worker main loop failed: " + e);
        }
        WorkerShutdown.ownExit();
        System.exit(0);
    }

    /** The main thread's work after HELLO. */
    static final class Loop {
        private final ChannelInput input;
        private final FrameWriter writer;
        private final Runnable afterReady;
        private final ElementOutput output;
        private final ClassLoader loader = WorkerMain.class.getClassLoader();
        private final TaskInstances tasks = new TaskInstances(Thread.currentThread().getContextClassLoader());
        /** Task loaders from CLASSPATH frames, by id (0, the worker's own classpath, is {@link #tasks}). */
        private final java.util.Map<Integer, ExtraLoader> extraLoaders = new java.util.HashMap<>();
        /** Task instances from INSTANCE frames, by id (any loader). */
        private final InstanceTasks instances = new InstanceTasks();
        private List<Class<?>> registered;
        private KryoCodec codec;
        private ResultBuffer results;
        private boolean flushEach;
        private int maxFrameBytes;

        Loop(ChannelInput input, FrameWriter writer, Runnable afterReady, ElementOutput output) {
            this.input = input;
            this.output = output;
            this.writer = writer;
            this.afterReady = afterReady;
        }

        void run() throws InterruptedException, IOException {
            Frame config = input.take();
            if (config.type() == FrameType.BYE) {
                return;
            }
            if (config.type() != FrameType.CONFIG) {
                throw new ProtocolException("expected CONFIG, got " + config.type());
            }
            configure(WorkerSettings.decode(config.payload()));
            while (true) {
                Frame f = input.take();
                switch (f.type()) {
                    case TASK -> {
                        if (!input.byeSeen()) {
                            runBatch(f.payload());
                        }
                    }
                    case CLASSPATH -> {
                        ExtraLoader l = ExtraLoader.decode(f.payload(), loader, registered, maxFrameBytes);
                        extraLoaders.put(l.id(), l);
                    }
                    case INSTANCE -> {
                        if (!input.byeSeen()) {
                            defineInstance(f.payload());
                        }
                    }
                    case BYE -> {
                        results.flush();
                        instances.closeAll();
                        tasks.closeAll();
                        for (ExtraLoader l : extraLoaders.values()) {
                            l.tasks().closeAll();
                        }
                        return;
                    }
                    default -> throw new ProtocolException("unexpected " + f.type() + " frame in a worker");
                }
            }
        }

        /** Tells the coordinator why this worker cannot apply its configuration, then exits. */
        private void fatal(String msg) throws IOException {
            writer.write(FrameType.FATAL, 0, new io.procpool.protocol.PayloadWriter(256).writeString(msg).toByteArray());
            writer.flush();
            Exits.now(Exits.CONFIG, msg);
        }

        private void configure(WorkerSettings s) throws IOException {
            Thread.currentThread().setName("procpool-w" + s.workerId() + "-main");
            registered = new ArrayList<>();
            maxFrameBytes = s.maxFrameBytes();
            for (String name : s.registeredClasses()) {
                try {
                    registered.add(Class.forName(name, false, loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    String advice = ClassVersionAdvice.explain("registered class " + name, e);
                    fatal(advice != null ? advice : "registered class " + name + " is not on the worker's classpath: " + e);
                }
            }
            results = new ResultBuffer(writer, s.maxFrameBytes());
            flushEach = s.flushEachResult();
            // READY does not wait for Kryo: the codec is built right after, while the coordinator
            // already sends work (it queues in ChannelInput); the preload thread has done most of
            // the class loading by then. The coordinator built a codec with the same registrations
            // before this worker started, so registration problems surface there, not here.
            writer.write(FrameType.READY, 0, new byte[0]);
            writer.flush();
            afterReady.run();
            try {
                codec = KryoCodec.trusting(registered, loader, s.maxFrameBytes() - 64);
            } catch (RuntimeException | LinkageError e) {
                fatal("cannot set up Kryo for the registered classes in the worker: " + e);
            }
        }

        /** An INSTANCE frame: recreates the task instance with the codec of its loader (see {@link InstanceTasks}). */
        private void defineInstance(byte[] payload) throws ProtocolException {
            io.procpool.protocol.InstancePayload d = io.procpool.protocol.InstancePayload.decode(payload);
            KryoCodec c = codec;
            if (d.loaderId() != 0) {
                ExtraLoader l = extraLoaders.get(d.loaderId());
                if (l == null) {
                    throw new ProtocolException("INSTANCE names loader " + d.loaderId() + " before its CLASSPATH frame");
                }
                c = l.codec();
            }
            instances.define(d, c);
        }

        private void runBatch(byte[] payload) throws IOException {
            TaskPayload.Reader r = new TaskPayload.Reader(payload);
            String className = r.className();
            KryoCodec paramCodec = codec;
            Object task;
            long instanceId = r.instanceId();
            if (r.loaderId() == 0) {
                task = instanceId != 0 ? instances.get(instanceId) : tasks.get(className);
            } else {
                ExtraLoader l = extraLoaders.get(r.loaderId());
                if (l == null) {
                    throw new ProtocolException("TASK names loader " + r.loaderId() + " before its CLASSPATH frame");
                }
                task = instanceId != 0 ? instances.get(instanceId) : l.tasks().get(className);
                paramCodec = l.codec();
            }
            // One clock read per element: the end of one is the start of the next (System.nanoTime
            // costs 100-150 ns on a KVM guest's clock, three reads were most of a tiny task's cost).
            long start = System.nanoTime();
            while (!input.byeSeen() && r.next()) {
                long id = r.id();
                if (r.skipped()) {
                    results.skipped(id);
                    if (flushEach) {
                        results.flush();
                    }
                    start = System.nanoTime();
                    continue;
                }
                boolean ok = false;
                if (task instanceof RemoteError err) {
                    results.error(id, ResultStatus.TASK_CLASS_UNUSABLE, err, 0);
                } else {
                    ok = runOne(paramCodec, task, id, payload, r.paramOffset(), r.paramLength(), start);
                }
                long now = System.nanoTime();
                if (ok) {
                    results.ran(now - start);
                }
                if (flushEach || results.heldTooLong(now)) {
                    results.flush();
                    now = System.nanoTime(); // the write is not the next element's run time
                }
                start = now;
            }
            if (!input.byeSeen()) {
                r.expectEnd();
            }
            results.flush();
        }

        /** Runs one element and adds its outcome; true when that is a result whose run time the caller adds. */
        private boolean runOne(KryoCodec codec, Object task, long id, byte[] buf, int off, int len, long start)
                throws IOException {
            Object param;
            try {
                param = codec.read(buf, off, len);
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                results.error(id, ResultStatus.PARAM_UNREADABLE, described(e,
                        "the worker cannot deserialize the parameter: " + RemoteError.messageOf(e)
                                + "; is its class on the worker's classpath and does it have a no-arg constructor?"),
                        System.nanoTime() - start);
                return false;
            }
            Object value;
            output.begin();
            try {
                value = TaskInterface.run(task, param);
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                    throw (VirtualMachineError) e; // out of memory, internal JVM error: the worker is done
                }
                output.end();
                results.error(id, ResultStatus.TASK_THREW, RemoteError.of(e), output.lines(),
                        System.nanoTime() - start);
                return false;
            } finally {
                output.end();
            }
            try {
                results.ok(id, value, codec);
                return true;
            } catch (KryoCodec.TooLargeException e) {
                results.error(id, ResultStatus.RESULT_UNWRITABLE, RemoteError.message(
                        "io.procpool.worker.ResultTooLarge", "result of type " + value.getClass().getName()
                                + " is too large: " + e.getMessage()
                                + "; raise WorkerPool.Builder.maxFrameBytes or return less"),
                        output.lines(), System.nanoTime() - start);
            } catch (RuntimeException | StackOverflowError e) {
                results.error(id, ResultStatus.RESULT_UNWRITABLE, described(e, "the worker cannot serialize the result"
                        + " of type " + (value == null ? "null" : value.getClass().getName()) + ": "
                        + RemoteError.messageOf(e)
                        + "; give the class a no-arg constructor or make it a record"), output.lines(),
                        System.nanoTime() - start);
            }
            return false;
        }

        private static RemoteError described(Throwable e, String message) {
            return new RemoteError(e.getClass().getName(), message, new StackTraceElement[0], RemoteError.of(e));
        }
    }
}
