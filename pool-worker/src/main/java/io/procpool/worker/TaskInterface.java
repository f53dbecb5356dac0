package io.procpool.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@code io.procpool.Task}, reached by name. The interface lives in pool-core next to the rest of
 * the API (so package {@code io.procpool} is in one jar, as the module system requires), and
 * pool-core depends on this module, so the worker cannot name it at compile time; the worker's
 * classpath has the pool-core jar, and this class finds the interface there on first use.
 */
final class TaskInterface {
    static final String NAME = "io.procpool.Task";
    private static Class<?> type;
    private static Method run;

    private TaskInterface() {}

    /** The interface, loaded once; a {@link ClassNotFoundException} says pool-core is missing. */
    static Class<?> type() throws ClassNotFoundException {
        if (type == null) {
            Class<?> t = Class.forName(NAME, false, TaskInterface.class.getClassLoader());
            try {
                run = t.getMethod("run", Object.class);
            } catch (NoSuchMethodException e) {
                throw new ClassNotFoundException(NAME + " on the worker's classpath has no run(Object): " + e, e);
            }
            type = t;
        }
        return type;
    }

    /** Calls {@code task.run(param)}; what {@code run} throws is rethrown as it is. */
    static Object run(Object task, Object param) throws Throwable {
        try {
            return run.invoke(task, param);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
