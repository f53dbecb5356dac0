package io.procpool.worker;

/**
 * Says why a task class could not be loaded in a worker and what fixes it. The classpath hint is
 * only given when a class is really missing: a class file too new for the worker's JVM, a failing
 * static initializer or clashing library versions each get their own cause and fix.
 */
final class LoadFailures {
    private LoadFailures() {}

    static String describe(String className, Throwable e) {
        String cp = System.getProperty("java.class.path", "");
        String where = "the worker's classpath (" + (cp.length() > 300 ? cp.substring(0, 300) + "..." : cp) + ")";
        if (e instanceof UnsupportedClassVersionError) {
            return "task class " + className + " (or a class it uses) was compiled for a newer Java than the worker's"
                    + " JVM, Java " + System.getProperty("java.specification.version") + " (" + e.getMessage()
                    + "); run workers with a newer java (WorkerPool.Builder.javaExecutable) or compile the task"
                    + " with --release " + System.getProperty("java.specification.version");
        }
        if (e instanceof ExceptionInInitializerError) {
            return "the static initializer of task class " + className + " threw " + e.getCause()
                    + " in the worker; fix the initializer (its stack trace is the cause below)";
        }
        if (e instanceof NoClassDefFoundError) {
            String missing = String.valueOf(e.getMessage()).replace('/', '.');
            if (missing.equals(TaskInterface.NAME)) {
                return "task class " + className + " implements " + TaskInterface.NAME + ", which is not on "
                        + where + "; the classpath set with WorkerPool.Builder.classpath must include the pool-core jar";
            }
            if (missing.startsWith("Could not initialize class")) {
                return "task class " + className + " uses " + missing.substring("Could not initialize class ".length())
                        + ", whose static initializer failed earlier in this worker";
            }
            return "task class " + className + " was found, but the class " + missing + " it needs is not on "
                    + where + "; add the jar that holds " + missing + " to WorkerPool.Builder.classpath";
        }
        if (e instanceof ClassNotFoundException) {
            return "task class " + className + " is not on " + where + "; when the default (derived) classpath"
                    + " misses it, set WorkerPool.Builder.classpath(...) to include its jar or directory";
        }
        if (e instanceof IncompatibleClassChangeError) {
            return "task class " + className + " was compiled against a different version of a class than the one"
                    + " on the worker's classpath (" + e + "); put the same library versions on the worker's"
                    + " classpath as at compile time";
        }
        return "task class " + className + " cannot be loaded in the worker (" + e + ")";
    }
}
