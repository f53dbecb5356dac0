package io.procpool.it.hardening;

import io.procpool.Task;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Task classes and value types for the hardening tests. Workers load them by name from the test
 * classpath, so each is a public static nested class with a public no-arg constructor (except
 * where a test needs one that is not).
 */
public final class HardeningTasks {
    private HardeningTasks() {}

    /** The length of a byte array parameter. */
    public static final class ByteCount implements Task<byte[], Integer> {
        @Override
        public Integer run(byte[] b) {
            return b.length;
        }
    }

    /** The length of a string parameter. */
    public static final class CharCount implements Task<String, Integer> {
        @Override
        public Integer run(String s) {
            return s.length();
        }
    }

    /** A byte array of the requested length, filled with its low byte. */
    public static final class MakeBytes implements Task<Integer, byte[]> {
        @Override
        public byte[] run(Integer n) {
            byte[] b = new byte[n];
            java.util.Arrays.fill(b, (byte) (int) n);
            return b;
        }
    }

    /** A value with a field Kryo cannot serialize: a live {@link Thread}. */
    public static final class HoldsThread {
        public int id;
        public Thread thread = new Thread(() -> {}, "never-started");

        public HoldsThread() {}

        public HoldsThread(int id) {
            this.id = id;
        }
    }

    /** A value with a field Kryo cannot serialize: an {@link InputStream}. */
    public static final class HoldsStream {
        public int id;
        public InputStream in = new ByteArrayInputStream(new byte[] {1, 2, 3});

        public HoldsStream() {}

        public HoldsStream(int id) {
            this.id = id;
        }
    }

    /** A plain class (not a record) without a no-arg constructor. */
    public static final class NoNoArg {
        public final int value;

        public NoNoArg(int value) {
            this.value = value;
        }
    }

    /** Returns the {@code id} of any of the test values, or -1 for anything else. */
    public static final class IdOf implements Task<Object, Integer> {
        @Override
        public Integer run(Object o) {
            if (o instanceof HoldsThread h) {
                return h.id;
            }
            if (o instanceof HoldsStream h) {
                return h.id;
            }
            if (o instanceof NoNoArg n) {
                return n.value;
            }
            if (o instanceof Integer i) {
                return i;
            }
            return -1;
        }
    }

    /** Returns a {@link HoldsStream} for input 1 and the input otherwise. */
    public static final class StreamResultOnOne implements Task<Integer, Object> {
        @Override
        public Object run(Integer x) {
            return x == 1 ? new HoldsStream(x) : (Object) x;
        }
    }

    /** Returns a {@link HoldsThread} for input 1 and the input otherwise. */
    public static final class ThreadResultOnOne implements Task<Integer, Object> {
        @Override
        public Object run(Integer x) {
            return x == 1 ? new HoldsThread(x) : (Object) x;
        }
    }

    /** The pid of the worker that runs it. */
    public static final class WorkerPid implements Task<Integer, Long> {
        @Override
        public Long run(Integer ignored) {
            return ProcessHandle.current().pid();
        }
    }

    /** Halts its worker (no shutdown hooks) for negative inputs; returns the input otherwise. */
    public static final class HaltOnNegative implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            if (x < 0) {
                Runtime.getRuntime().halt(1);
            }
            return x;
        }
    }

    /** Its constructor always throws, as a task whose set-up fails would. */
    public static final class ExplodingConstructor implements Task<Integer, Integer> {
        public ExplodingConstructor() {
            throw new IllegalStateException("cannot read settings.properties");
        }

        @Override
        public Integer run(Integer x) {
            return x;
        }
    }

    // ----------------------------------------------------------------- trust

    /** Flags set by {@link Stranger} and {@link Guest}; a separate class, so reading them initialises neither. */
    public static final class TrustFlags {
        public static final AtomicBoolean STRANGER_INITIALIZED = new AtomicBoolean();
        public static final AtomicBoolean STRANGER_CONSTRUCTED = new AtomicBoolean();
        public static final AtomicBoolean GUEST_CONSTRUCTED = new AtomicBoolean();

        private TrustFlags() {}
    }

    /** A user class that is never registered; records in {@link TrustFlags} when it is initialised or created. */
    public static final class Stranger {
        static {
            TrustFlags.STRANGER_INITIALIZED.set(true);
        }

        public int value;

        public Stranger() {
            TrustFlags.STRANGER_CONSTRUCTED.set(true);
        }
    }

    /** A user class that the trust test registers; records in {@link TrustFlags} when it is created. */
    public static final class Guest {
        public int value;

        public Guest() {
            TrustFlags.GUEST_CONSTRUCTED.set(true);
        }
    }

    /** Declares {@code Object} as its result but returns a {@link Stranger}. */
    public static final class ReturnsStranger implements Task<Integer, Object> {
        @Override
        public Object run(Integer x) {
            Stranger s = new Stranger();
            s.value = x;
            return s;
        }
    }

    /** Declares {@code Object} as its result but returns a {@link Guest}. */
    public static final class ReturnsGuest implements Task<Integer, Object> {
        @Override
        public Object run(Integer x) {
            Guest g = new Guest();
            g.value = x;
            return g;
        }
    }

    /** A record reachable from {@link Receipt}, never registered. */
    public record Note(String text) {}

    /** A declared result record, never registered. */
    public record Receipt(int number, Note note) {}

    /** Declares {@link Receipt} as its result. */
    public static final class MakeReceipt implements Task<Integer, Receipt> {
        @Override
        public Receipt run(Integer x) {
            return new Receipt(x, new Note("n" + x));
        }
    }

    /** The worker's whole environment. */
    public static final class Environment implements Task<Integer, TreeMap<String, String>> {
        @Override
        public TreeMap<String, String> run(Integer ignored) {
            return new TreeMap<>(System.getenv());
        }
    }

    /** Targets of the worker's open file descriptors that are sockets ({@code socket:[inode]}). */
    public static final class OpenSockets implements Task<Integer, ArrayList<String>> {
        @Override
        public ArrayList<String> run(Integer ignored) throws IOException {
            ArrayList<String> sockets = new ArrayList<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:")) {
                            sockets.add(fd.getFileName() + " -> " + target);
                        }
                    } catch (IOException e) {
                        // the directory's own descriptor is gone by the time we read it
                    }
                }
            }
            return sockets;
        }
    }

    // ----------------------------------------------------------------- misuse

    /** Waits (at most 30 s) until the file named by the parameter exists, then returns its name's length. */
    public static final class AwaitFile implements Task<String, Integer> {
        @Override
        public Integer run(String path) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // Another process creates the file; polling is the simplest cross-process gate.
            while (!Files.exists(Path.of(path)) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(2_000_000);
            }
            return path.length();
        }
    }

    /** {@code Map.of("x", x)}. */
    public static final class Boxed implements Task<Integer, Map<String, Integer>> {
        @Override
        public Map<String, Integer> run(Integer x) {
            return Map.of("x", x);
        }
    }
}
