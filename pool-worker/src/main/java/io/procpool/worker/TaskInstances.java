package io.procpool.worker;

import io.procpool.protocol.RemoteError;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance per task class, created on first use and kept for the worker's life. A class that
 * cannot be used is remembered with its error, so every parameter for it fails the same way
 * without retrying the load.
 */
final class TaskInstances {
    private final ClassLoader loader;
    private final Map<String, Object> byName = new LinkedHashMap<>();

    TaskInstances(ClassLoader loader) {
        this.loader = loader;
    }

    /** The task for a class name, or a {@link RemoteError} saying why there is none. */
    Object get(String className) {
        Object task = byName.get(className);
        if (task == null) {
            task = create(className);
            byName.put(className, task);
        }
        return task;
    }

    private Object create(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return unusable(className, LoadFailures.describe(className, e, loader), e);
        }
        Class<?> taskType;
        try {
            taskType = TaskInterface.type();
        } catch (ClassNotFoundException | LinkageError e) {
            return unusable(className, TaskInterface.NAME + " is not on the worker's classpath (" + e + "): the"
                    + " classpath set with WorkerPool.Builder.classpath must include the pool-core jar", e);
        }
        if (!taskType.isAssignableFrom(type)) {
            return RemoteError.message("io.procpool.worker.InvalidTaskClass",
                    "class " + className + " does not implement io.procpool.Task");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return RemoteError.message("io.procpool.worker.InvalidTaskClass",
                    "task class " + className + " is abstract; pass a concrete class");
        }
        Constructor<?> ctor;
        try {
            ctor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            return RemoteError.message("io.procpool.worker.InvalidTaskClass", "task class " + className
                    + " has no public no-arg constructor; add one (it runs once per worker)");
        }
        try {
            return ctor.newInstance();
        } catch (InvocationTargetException e) {
            String advice = ClassVersionAdvice.explain("a class used by the constructor of task class " + className,
                    e.getCause());
            return unusable(className, advice != null ? advice : "constructor of task class " + className + " threw "
                    + RemoteError.describe(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return unusable(className, "cannot instantiate task class " + className + ": " + e, e);
        }
    }

    private static RemoteError unusable(String className, String message, Throwable cause) {
        RemoteError c = RemoteError.of(cause);
        return new RemoteError("io.procpool.worker.InvalidTaskClass", message, new StackTraceElement[0], c);
    }

    /** Closes every instance that is {@link AutoCloseable}, reporting failures on stderr. */
    void closeAll() {
        for (Map.Entry<String, Object> e : byName.entrySet()) {
            if (e.getValue() instanceof AutoCloseable c && !(e.getValue() instanceof RemoteError)) {
                try {
                    c.close();
                } catch (Exception ex) {
                    System.err.println("[procpool-worker] close() of " + e.getKey() + " failed: "
                            + RemoteError.describe(ex));
                }
            }
        }
    }
}
