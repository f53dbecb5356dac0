package io.procpool.internal;

import io.procpool.InvalidTaskException;
import io.procpool.internal.schedule.TaskRef;
import io.procpool.protocol.KryoCodec;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The task instances a pool was given, serialized once each, in the caller's thread.
 *
 * <p>Identity: instances whose class and Kryo bytes are equal (two records with equal
 * components) get the same {@link TaskRef}, so they share one instance in each worker; which
 * instance object the caller passed does not matter. The table is an LRU bounded by
 * {@link #MAX_ENTRIES} entries and {@link #MAX_BYTES} bytes, so a service that makes a new
 * instance per request does not grow it without bound; an instance that has fallen out is simply
 * sent again under a new id the next time (each worker's own bound, {@link TaskInstancesSent},
 * closes the old copy in time). Thread-safe: callers serialize one at a time through one codec.
 */
final class TaskRefs {
    static final int MAX_ENTRIES = 1024;
    static final long MAX_BYTES = 32L << 20;

    private final TaskClasses checks;
    private final Supplier<KryoCodec> codecs;
    private final int maxEntries;
    private final long maxBytes;
    // guarded by this
    private final LinkedHashMap<Key, TaskRef> byContent = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long lastId;
    private KryoCodec codec;

    TaskRefs(TaskClasses checks, Supplier<KryoCodec> codecs) {
        this(checks, codecs, MAX_ENTRIES, MAX_BYTES);
    }

    TaskRefs(TaskClasses checks, Supplier<KryoCodec> codecs, int maxEntries, long maxBytes) {
        this.checks = checks;
        this.codecs = codecs;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * Checks and serializes a task instance; equal bytes give the {@link TaskRef} already known.
     *
     * @throws InvalidTaskException when the instance cannot be a task or cannot be serialized,
     *     naming its class and the fix
     */
    TaskRef of(Object task) {
        checks.checkInstance(task);
        String name = task.getClass().getName();
        byte[] b;
        synchronized (this) {
            if (codec == null) {
                codec = codecs.get();
            }
            try {
                b = codec.write(task);
            } catch (KryoCodec.TooLargeException e) {
                throw new InvalidTaskException("task instance of class " + name + " is too large: " + e.getMessage()
                        + "; raise WorkerPool.Builder.maxFrameBytes, or keep large data out of the instance (load"
                        + " it in the worker, in a transient field)");
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                throw new InvalidTaskException("task instance of class " + name + " cannot be serialized: "
                        + e.getMessage() + "; a task instance travels to each worker with Kryo: give it"
                        + " serializable fields (a record of plain values such as sizes, paths, names), and keep"
                        + " per-worker state (threads, streams, connections) in transient fields of a class,"
                        + " created in the worker");
            }
            return intern(task.getClass(), b);
        }
    }

    /** The ref for these bytes: the known one, or a new one with the next id. */
    synchronized TaskRef intern(Class<?> type, byte[] serialized) {
        Key key = new Key(type, serialized);
        TaskRef ref = byContent.get(key);
        if (ref == null) {
            ref = new TaskRef(++lastId, type, serialized);
            byContent.put(key, ref);
            bytes += serialized.length;
            Iterator<Map.Entry<Key, TaskRef>> eldest = byContent.entrySet().iterator();
            while (byContent.size() > maxEntries || bytes > maxBytes) {
                bytes -= eldest.next().getValue().bytes.length;
                eldest.remove();
            }
        }
        return ref;
    }

    /** Instances known now (for tests). */
    synchronized int size() {
        return byContent.size();
    }

    private static final class Key {
        final Class<?> type;
        final byte[] bytes;
        final int hash;

        Key(Class<?> type, byte[] bytes) {
            this.type = type;
            this.bytes = bytes;
            this.hash = type.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
