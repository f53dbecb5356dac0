package io.procpool.worker;

import io.procpool.protocol.InstancePayload;
import io.procpool.protocol.KryoCodec;
import io.procpool.protocol.ProtocolException;
import io.procpool.protocol.RemoteError;
import java.util.HashMap;
import java.util.Map;

/**
 * Task instances the coordinator sent in INSTANCE frames, by id. Each is recreated from its Kryo
 * bytes once, when its frame arrives (Kryo runs a record's canonical constructor, or another
 * class's no-arg constructor and then sets its fields); one that cannot be is kept as a
 * {@link RemoteError}, so every element that names it fails the same way and the worker goes on.
 * What to keep is the coordinator's decision: each frame names the ids to close and forget first,
 * and a TASK frame naming an id not held is a protocol error. Main thread only.
 */
final class InstanceTasks {
    private final Map<Long, Object> byId = new HashMap<>();

    /** Drops (closing) the ids the frame names, then recreates and keeps its instance. */
    void define(InstancePayload d, KryoCodec codec) {
        for (long id : d.dropped()) {
            close(id, byId.remove(id));
        }
        byId.put(d.id(), create(d, codec));
    }

    /** The instance for a TASK frame's id, or a {@link RemoteError} saying why there is none. */
    Object get(long id) throws ProtocolException {
        Object task = byId.get(id);
        if (task == null) {
            throw new ProtocolException("TASK names task instance " + id + ", which this worker does not hold");
        }
        return task;
    }

    private static Object create(InstancePayload d, KryoCodec codec) {
        String name = d.className();
        Object task;
        try {
            task = codec.read(d.payload(), d.bytesOffset(), d.bytesLength());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            Throwable root = e;
            for (int depth = 0; depth < 16 && root.getCause() != null; depth++) {
                root = root.getCause();
            }
            String advice = ClassVersionAdvice.explain("a class of task instance " + name, root);
            return unusable(advice != null ? advice : "task instance of class " + name + " cannot be recreated in the"
                    + " worker (Kryo runs a record's canonical constructor, or the no-arg constructor of another"
                    + " class, then sets its fields): " + RemoteError.describe(root), e);
        }
        try {
            if (!TaskInterface.type().isInstance(task)) {
                return RemoteError.message("io.procpool.worker.InvalidTaskClass",
                        "task instance of class " + name + " does not implement io.procpool.Task in the worker");
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return unusable(TaskInterface.NAME + " is not on the worker's classpath (" + e + "): the classpath set"
                    + " with WorkerPool.Builder.classpath must include the pool-core jar", e);
        }
        return task;
    }

    private static RemoteError unusable(String message, Throwable cause) {
        return new RemoteError("io.procpool.worker.InvalidTaskInstance", message, new StackTraceElement[0],
                RemoteError.of(cause));
    }

    /** Closes every instance that is {@link AutoCloseable}, reporting failures on stderr. */
    void closeAll() {
        for (Map.Entry<Long, Object> e : byId.entrySet()) {
            close(e.getKey(), e.getValue());
        }
        byId.clear();
    }

    private static void close(long id, Object task) {
        if (task instanceof AutoCloseable c && !(task instanceof RemoteError)) {
            try {
                c.close();
            } catch (Exception ex) {
                System.err.println("[procpool-worker] close() of task instance " + id + " ("
                        + task.getClass().getName() + ") failed: " + RemoteError.describe(ex));
            }
        }
    }
}
