package io.procpool.worker;

import io.procpool.protocol.KryoCodec;
import io.procpool.protocol.PayloadReader;
import io.procpool.protocol.ProtocolException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * A class loader from a CLASSPATH frame: the extra classpath entries of one task class loader in
 * the coordinator (a plugin's {@code URLClassLoader}), over the worker's own classpath. Its task
 * classes, their parameters and their results are loaded through it, with a codec of its own.
 *
 * @param id the loader id TASK frames name
 * @param tasks task instances loaded through it
 * @param codec codec that resolves classes through it
 */
record ExtraLoader(int id, TaskInstances tasks, KryoCodec codec) {
    /** CLASSPATH payload: id (varint), entry count (4 bytes), entries (strings, local paths). */
    static ExtraLoader decode(byte[] payload, ClassLoader parent, List<Class<?>> registered, int maxFrameBytes)
            throws ProtocolException {
        PayloadReader r = new PayloadReader(payload);
        int id = r.readVarInt();
        int n = r.readInt();
        if (id <= 0 || n < 0 || n > r.remaining()) {
            throw new ProtocolException("malformed CLASSPATH: loader " + id + ", " + n + " entries");
        }
        URL[] urls = new URL[n];
        for (int i = 0; i < n; i++) {
            try {
                urls[i] = Path.of(r.readString()).toUri().toURL();
            } catch (MalformedURLException | RuntimeException e) {
                throw new ProtocolException("malformed CLASSPATH entry: " + e);
            }
        }
        r.expectEnd();
        URLClassLoader l = new URLClassLoader("procpool-tasks-" + id, urls, parent);
        return new ExtraLoader(id, new TaskInstances(l), KryoCodec.trusting(registered, l, maxFrameBytes - 64));
    }
}
