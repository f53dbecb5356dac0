package io.procpool.worker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains an {@link UnsupportedClassVersionError} in a worker by its real cause, instead of the
 * classpath advice that fits a missing class: a class compiled with preview features for a worker
 * without {@code --enable-preview}, or a class compiled for a newer Java than the worker runs.
 * Names the fix ({@code jvmArgs("--enable-preview")}, {@code javaExecutable}, {@code --release}).
 */
final class ClassVersionAdvice {
    private static final Pattern VERSION = Pattern.compile("class file (?:version )?(\\d+)\\.(\\d+)");

    private ClassVersionAdvice() {}

    /**
     * The explanation when {@code e} or one of its causes is an {@code UnsupportedClassVersionError},
     * else {@code null}.
     *
     * @param what what could not be loaded, e.g. {@code "task class a.B"}
     */
    static String explain(String what, Throwable e) {
        UnsupportedClassVersionError v = find(e);
        return v == null ? null : what + " cannot be loaded in the worker: " + reason(v);
    }

    /** Why the class cannot load and the fix, naming the class file version and the worker's Java. */
    static String reason(UnsupportedClassVersionError v) {
        String detail = String.valueOf(v.getMessage());
        int release = Runtime.version().feature();
        String worker = "Java " + release + " (" + System.getProperty("java.version") + " at "
                + System.getProperty("java.home") + ")";
        Matcher m = VERSION.matcher(detail);
        boolean found = m.find();
        int major = found ? Integer.parseInt(m.group(1)) : -1;
        boolean preview = found && m.group(2).equals("65535");
        if (detail.contains("Preview features are not enabled")) {
            return "it (or a class it uses) was compiled with preview features (javac --enable-preview) and the"
                    + " worker's JVM, " + worker + ", runs without them; add"
                    + " WorkerPool.Builder.jvmArgs(\"--enable-preview\") (workers get it by themselves when the"
                    + " coordinator runs with --enable-preview). JVM: " + detail;
        }
        if (preview) {
            return "it (or a class it uses) was compiled with preview features of Java " + (major - 44)
                    + " (class file version " + major + "), and preview classes only load on the release they were"
                    + " compiled for; the worker runs " + worker + ": compile with --release " + release
                    + " or run workers with a Java " + (major - 44) + " java (WorkerPool.Builder.javaExecutable)."
                    + " JVM: " + detail;
        }
        if (major > 0) {
            return "it (or a class it uses) was compiled for a newer Java than the worker's JVM: for Java "
                    + (major - 44) + " (class file version " + major + "), while the worker runs " + worker
                    + "; run workers with a Java " + (major - 44) + " or newer java"
                    + " (WorkerPool.Builder.javaExecutable) or compile the task with --release " + release
                    + ". JVM: " + detail;
        }
        return "its class file version is not supported by the worker's JVM, " + worker + "; run workers with a"
                + " matching java (WorkerPool.Builder.javaExecutable). JVM: " + detail;
    }

    private static UnsupportedClassVersionError find(Throwable e) {
        for (int depth = 0; e != null && depth < 16; depth++) {
            if (e instanceof UnsupportedClassVersionError v) {
                return v;
            }
            e = e.getCause();
        }
        return null;
    }
}
