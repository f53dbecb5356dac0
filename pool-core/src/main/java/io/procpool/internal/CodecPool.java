package io.procpool.internal;

import io.procpool.protocol.KryoCodec;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Kryo codecs for the coordinator's caller threads (Kryo is not thread-safe). A thread borrows a
 * codec for one burst of work and gives it back; the pool grows to the number of threads that
 * serialize at the same time and never holds a codec per user thread.
 */
final class CodecPool {
    private final ConcurrentLinkedQueue<KryoCodec> idle = new ConcurrentLinkedQueue<>();
    private final List<Class<?>> registered;
    private final ClassAllowList allowList;
    private final int maxBytes;

    CodecPool(List<Class<?>> registered, ClassAllowList allowList, int maxBytes) {
        this.registered = registered;
        this.allowList = allowList;
        this.maxBytes = maxBytes;
    }

    /** A codec for reading worker output on one thread (not pooled). */
    KryoCodec newReader() {
        return new KryoCodec(registered, CodecPool.class.getClassLoader(), allowList, c -> {}, maxBytes);
    }

    /** A codec for serializing parameters on one writer thread (not pooled). */
    KryoCodec newWriter() {
        return new KryoCodec(registered, loader(), allowList, allowList::observe, maxBytes);
    }

    /** Runs {@code work} with a borrowed codec. */
    <T> T with(Function<KryoCodec, T> work) {
        KryoCodec c = idle.poll();
        if (c == null) {
            c = new KryoCodec(registered, loader(), allowList, allowList::observe, maxBytes);
        }
        try {
            return work.apply(c);
        } finally {
            idle.offer(c);
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : CodecPool.class.getClassLoader();
    }
}
