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
        if (v == null) {
            return null;
        }
        String detail = String.valueOf(v.getMessage());
        String worker = "the worker's Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home")
                + ")";
        int release = Runtime.version().feature();
        Matcher m = VERSION.matcher(detail);
        int major = m.find() ? Integer.parseInt(m.group(1)) : -1;
        boolean preview = m.find(0) && m.group(2).equals("65535");
        if (detail.contains("Preview features are not enabled")) {
            return what + " cannot be loaded in the worker: it (or a class it uses) was compiled with preview"
                    + " features (javac --enable-preview) and " + worker + " runs without them; add"
                    + " WorkerPool.Builder.jvmArgs(\"--enable-preview\") (workers get it by themselves when the"
                    + " coordinator runs with --enable-preview). JVM: " + detail;
        }
        if (preview) {
            return what + " cannot be loaded in the worker: it (or a class it uses) was compiled with preview"
                    + " features of class file version " + major + " (Java " + (major - 44) + "), but preview classes"
                    + " only load on exactly the Java release they were compiled for, and " + worker + " is release "
                    + release + "; compile with --release " + release + " or set WorkerPool.Builder.javaExecutable"
                    + " to a Java " + (major - 44) + " java. JVM: " + detail;
        }
        if (major > 0) {
            return what + " cannot be loaded in the worker: it (or a class it uses) was compiled for Java "
                    + (major - 44) + " (class file version " + major + "), newer than " + worker + "; set"
                    + " WorkerPool.Builder.javaExecutable to a Java " + (major - 44) + " or newer java, or compile with"
                    + " --release " + release + ". JVM: " + detail;
        }
        return what + " cannot be loaded in the worker: its class file version is not supported by " + worker
                + "; set WorkerPool.Builder.javaExecutable to a matching java. JVM: " + detail;
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
