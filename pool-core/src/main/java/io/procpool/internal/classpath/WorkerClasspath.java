package io.procpool.internal.classpath;

import io.procpool.InvalidTaskException;
import io.procpool.PoolException;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a worker's classes come from, when the user did not set {@code classpath(...)}.
 *
 * <p>{@code java.class.path} alone is not enough: a Spring Boot executable jar keeps procpool and
 * the application in nested jars, a module-path application has an empty class path, and plugin
 * systems load task classes through their own {@link URLClassLoader}. So the default worker
 * classpath is built from where procpool's classes really come from (their code sources), then
 * {@code java.class.path}, {@code jdk.module.path}, and the URLs of the {@code URLClassLoader}s
 * that loaded procpool and the context class loader of the thread that opens the pool. Nested
 * locations are extracted by {@link NestedJars}. A task class found later in another loader gets
 * its entries through {@link TaskLoaders}.
 */
public final class WorkerClasspath {
    /** Classes whose jars every worker needs; missing optional ones are skipped. */
    private static final String[] WORKER_CLASSES = {"io.procpool.protocol.Wire", "io.procpool.worker.WorkerMain",
        "io.procpool.Task", "com.esotericsoftware.kryo.kryo5.Kryo"};

    private WorkerClasspath() {}

    /**
     * The default worker classpath entries, in order, without duplicates.
     *
     * @throws PoolException when the file of one of procpool's or Kryo's classes cannot be found
     *     (a jlink image, an unusual class loader): the workers could not even start
     */
    static List<String> derive() {
        Set<String> out = new LinkedHashSet<>();
        ClassLoader own = WorkerClasspath.class.getClassLoader();
        for (String name : WORKER_CLASSES) {
            Class<?> c;
            try {
                c = Class.forName(name, false, own);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            Path p = codeSourcePath(c);
            if (p != null) {
                out.add(p.toString());
            } else {
                CodeSource cs = c.getProtectionDomain().getCodeSource();
                throw new PoolException("cannot tell which file " + name + " was loaded from (code source "
                        + (cs == null || cs.getLocation() == null ? "unknown" : cs.getLocation()) + ", class loader "
                        + TaskLoaders.describe(c.getClassLoader()) + "), so no worker classpath can be derived;"
                        + " set WorkerPool.Builder.classpath(...) to the jars of pool-core, pool-worker, pool-protocol"
                        + " and Kryo plus your task classes", null);
            }
        }
        addPathList(out, System.getProperty("java.class.path"), false);
        addPathList(out, System.getProperty("jdk.module.path"), true);
        addLoaderUrls(out, own, null);
        addLoaderUrls(out, Thread.currentThread().getContextClassLoader(), null);
        return new ArrayList<>(out);
    }

    /**
     * The entries a worker needs to load {@code c} and the classes next to it: its code source and
     * the URLs of every {@code URLClassLoader} from its loader up (the caller drops those the
     * workers already have).
     *
     * @throws InvalidTaskException when neither the loader nor the code source says where it is
     */
    static List<String> entriesFor(Class<?> c) {
        Set<String> out = new LinkedHashSet<>();
        Path own;
        try {
            own = codeSourcePathOrFail(c);
        } catch (IOException e) {
            throw new PoolException("cannot extract the jar of task class " + c.getName() + " for the workers: " + e
                    + "; set WorkerPool.Builder.classpath(...) to a classpath that contains it", e);
        }
        if (own != null) {
            out.add(own.toString());
        }
        boolean urls = addLoaderUrls(out, c.getClassLoader(), c);
        if (own == null && !urls) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            throw new InvalidTaskException("cannot tell where task class " + c.getName() + " comes from: its class loader "
                    + TaskLoaders.describe(c.getClassLoader()) + " is not a URLClassLoader and its code source is "
                    + (cs == null || cs.getLocation() == null ? "unknown" : cs.getLocation())
                    + " (not a file, jar or nested jar), so no worker"
                    + " classpath can be derived for it; set WorkerPool.Builder.classpath(...) to a classpath that"
                    + " contains it and procpool");
        }
        return new ArrayList<>(out);
    }

    /**
     * The user's classpath with each Spring Boot executable jar replaced by what its launcher
     * would load: {@code BOOT-INF/classes} and the jars in {@code BOOT-INF/lib} (in
     * {@code classpath.idx} order when present), extracted by {@link NestedJars}. A plain JVM
     * cannot load classes from inside such a jar, so {@code classpath(app.jar)} would otherwise
     * find nothing. Other entries are kept as they are.
     */
    static String expandExecutableJars(String classpath) {
        List<String> out = new ArrayList<>();
        boolean changed = false;
        for (String e : classpath.split(File.pathSeparator)) {
            List<String> expanded = e.endsWith(".jar") ? BootJars.expand(Path.of(e)) : null;
            if (expanded == null) {
                out.add(e);
            } else {
                out.addAll(expanded);
                changed = true;
            }
        }
        return changed ? String.join(File.pathSeparator, out) : classpath;
    }

    /** The local path of where {@code c} was loaded from, or null when unknown or not a file location. */
    static Path codeSourcePath(Class<?> c) {
        try {
            return codeSourcePathOrFail(c);
        } catch (IOException e) {
            return null;
        }
    }

    private static Path codeSourcePathOrFail(Class<?> c) throws IOException {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return null;
        }
        return NestedJars.toPath(cs.getLocation());
    }

    /** Adds the URLs of every URLClassLoader from {@code loader} up; true when one was found. */
    private static boolean addLoaderUrls(Set<String> out, ClassLoader loader, Class<?> forTask) {
        boolean any = false;
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                any = true;
                for (URL url : u.getURLs()) {
                    try {
                        Path p = NestedJars.toPath(url);
                        if (p != null && Files.exists(p)) {
                            out.add(p.toString());
                        }
                    } catch (IOException | RuntimeException e) {
                        if (forTask != null) {
                            throw new PoolException("cannot extract " + url + " (class path of task class "
                                    + forTask.getName() + ") for the workers: " + e
                                    + "; set WorkerPool.Builder.classpath(...) to a classpath that contains it", e);
                        }
                        org.slf4j.LoggerFactory.getLogger("io.procpool.WorkerPool")
                                .debug("class path entry {} left out of the worker classpath: {}", url, e.toString());
                    }
                }
            }
        }
        return any;
    }

    private static void addPathList(Set<String> out, String list, boolean modulePath) {
        if (list == null) {
            return;
        }
        for (String e : list.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath();
            if (modulePath && Files.isDirectory(p) && !Files.exists(p.resolve("module-info.class"))) {
                // a directory of modules: each jar (or exploded module) in it is an entry
                try (Stream<Path> files = Files.list(p)) {
                    files.sorted().forEach(f -> out.add(f.toString()));
                } catch (IOException ex) {
                    out.add(p.toString());
                }
            } else {
                out.add(modulePath ? p.toString() : e);
            }
        }
    }
}
