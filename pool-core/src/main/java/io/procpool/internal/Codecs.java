package io.procpool.internal;

import io.procpool.protocol.KryoCodec;
import java.util.List;

/**
 * Makes the coordinator's Kryo codecs, all with the pool's registrations (Kryo is not thread-safe,
 * so each reader and writer thread owns one).
 */
public final class Codecs {
    private final List<Class<?>> registered;
    private final ClassAllowList allowList;
    private final int maxBytes;
    private final ClassLoader resultLoader;

    Codecs(List<Class<?>> registered, ClassAllowList allowList, int maxBytes, ClassLoader resultLoader) {
        this.resultLoader = resultLoader;
        this.registered = registered;
        this.allowList = allowList;
        this.maxBytes = maxBytes;
    }

    /**
     * A codec for reading worker output on one reader thread: names are checked against the allow
     * list, and resolved with procpool's loader, then the task classes' loaders ({@link TaskLoaders}).
     */
    public KryoCodec newReader() {
        return new KryoCodec(registered, resultLoader, allowList, c -> {}, maxBytes);
    }

    /** A codec for serializing parameters on one writer thread: classes it writes by name become allowed. */
    public KryoCodec newWriter() {
        return new KryoCodec(registered, loader(), allowList, allowList::observe, maxBytes);
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Codecs.class.getClassLoader();
    }
}
