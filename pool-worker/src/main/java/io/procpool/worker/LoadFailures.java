package io.procpool.worker;

/**
 * Says why a task class could not be loaded in a worker and what fixes it. The classpath hint is
 * only given when a class is really missing: a class file too new for the worker's JVM, a failing
 * static initializer or clashing library versions each get their own cause and fix.
 */
final class LoadFailures {
    private LoadFailures() {}

    /** @param loader the loader the worker tried: its own, or one made from a CLASSPATH frame */
    static String describe(String className, Throwable e, ClassLoader loader) {
        return "task class " + className + " cannot be loaded in the worker: " + reason(e, where(loader));
    }

    private static String where(ClassLoader loader) {
        String cp = System.getProperty("java.class.path", "");
        String where = "the worker's classpath (" + (cp.length() > 300 ? cp.substring(0, 300) + "..." : cp) + ")";
        if (loader instanceof java.net.URLClassLoader u && u.getName() != null && u.getName().startsWith("procpool-")) {
            where += " or the entries the coordinator derived from the task's class loader ("
                    + java.util.Arrays.toString(u.getURLs()) + ")";
        }
        return where;
    }

    private static String reason(Throwable e, String where) {
        if (e instanceof UnsupportedClassVersionError v) {
            return ClassVersionAdvice.reason(v); // also preview features without --enable-preview
        }
        if (e instanceof ExceptionInInitializerError) {
            return "its static initializer threw " + io.procpool.protocol.RemoteError.describe(e.getCause())
                    + "; fix the initializer (its stack trace is the cause below)";
        }
        if (e instanceof NoClassDefFoundError) {
            String missing = String.valueOf(e.getMessage()).replace('/', '.');
            if (missing.startsWith("Could not initialize class ")) {
                return "it uses " + missing.substring("Could not initialize class ".length())
                        + ", whose static initializer failed earlier in this worker (" + e + ")";
            }
            if (missing.equals(TaskInterface.NAME)) {
                return TaskInterface.NAME + " is not on " + where + " (" + e + "); a classpath set with"
                        + " WorkerPool.Builder.classpath must include the pool-core jar";
            }
            return "the class was found, but " + missing + ", which it needs, is not on " + where + " (" + e
                    + "); add the jar or directory that holds " + missing + " to WorkerPool.Builder.classpath";
        }
        if (e instanceof ClassNotFoundException) {
            return "it is not on " + where + " (" + e + "); set WorkerPool.Builder.classpath(...) to include its jar or"
                    + " directory";
        }
        if (e instanceof IncompatibleClassChangeError) {
            return "it was compiled against another version of a class than the one on the worker's classpath (" + e
                    + "); put the library versions it was compiled against on the worker's classpath";
        }
        return String.valueOf(e);
    }
}
