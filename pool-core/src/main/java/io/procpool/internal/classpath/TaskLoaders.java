package io.procpool.internal.classpath;

import io.procpool.InvalidTaskException;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The class loaders of the task classes a pool has seen, on both sides of the channel.
 *
 * <p>Workers start at {@code open()}, before any task class is known, with the {@link #classpath()
 * base classpath}. A task class whose jar is not on it (a plugin's {@code URLClassLoader}) gets a
 * <em>worker loader</em>: an id and the extra classpath entries of its class loader. The writer
 * thread of each worker sends a CLASSPATH frame for that id once, before the first TASK that names
 * it; the worker then loads the task, its parameters and its results through a
 * {@code URLClassLoader} over those entries (see PROTOCOL.md). When the user set
 * {@code classpath(...)}, that classpath is the whole truth and no extra entries are sent.
 *
 * <p>In the coordinator, results are decoded with {@link #decodingLoader()}: procpool's own loader
 * first, then the loader of every task class seen, so a plugin's own records work as results.
 */
public final class TaskLoaders {
    /** Extra classpath entries a worker loads one or more task classes through. */
    public record WorkerLoader(int id, List<String> entries) {}

    private final boolean derived;
    private final String classpath;
    private final Set<String> base = new LinkedHashSet<>();
    private final Map<ClassLoader, WorkerLoader> byLoader = new IdentityHashMap<>();
    private final Map<String, Class<?>> classByName = new ConcurrentHashMap<>();
    private final Map<String, WorkerLoader> byClassName = new ConcurrentHashMap<>();
    private final SeenLoaders decoding = new SeenLoaders(TaskLoaders.class.getClassLoader());

    /** @param userClasspath the classpath the user set, or null to derive it */
    public TaskLoaders(String userClasspath) {
        this.derived = userClasspath == null;
        this.classpath = derived ? String.join(File.pathSeparator, WorkerClasspath.derive())
                : WorkerClasspath.expandExecutableJars(userClasspath);
        for (String e : classpath.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                base.add(normalize(e));
            }
        }
    }

    /** The classpath workers start with. */
    public String classpath() {
        return classpath;
    }

    /** Loads procpool's classes first, then those of the task classes seen so far. */
    public ClassLoader decodingLoader() {
        return decoding;
    }

    /**
     * Records a task class before its first element is sent; works out its worker loader.
     *
     * @throws InvalidTaskException when another class of that name from another loader was seen,
     *     or its classpath cannot be derived
     */
    public void prepare(Class<?> c) {
        Class<?> seen = classByName.get(c.getName());
        if (seen == c) {
            return;
        }
        synchronized (this) {
            seen = classByName.get(c.getName());
            if (seen == c) {
                return;
            }
            if (seen != null) {
                throw new InvalidTaskException("task class " + c.getName() + " from class loader "
                        + describe(c.getClassLoader()) + " has the same name as a task class from "
                        + describe(seen.getClassLoader()) + " already used by this"
                        + " pool; a pool runs one class per name: use a second pool for the other one");
            }
            ClassLoader l = c.getClassLoader();
            if (l != null && l != TaskLoaders.class.getClassLoader()) {
                decoding.add(l);
            }
            if (derived && !onBase(c)) {
                WorkerLoader wl = byLoader.get(l);
                if (wl == null) {
                    List<String> extra = new ArrayList<>();
                    for (String e : WorkerClasspath.entriesFor(c)) {
                        if (!base.contains(normalize(e))) {
                            extra.add(e);
                        }
                    }
                    wl = new WorkerLoader(byLoader.size() + 1, List.copyOf(extra));
                    byLoader.put(l, wl);
                }
                byClassName.put(c.getName(), wl);
            }
            classByName.put(c.getName(), c);
        }
    }

    /** The worker loader for a task class name, or null when the base classpath has it. */
    public WorkerLoader forClassName(String className) {
        return byClassName.get(className);
    }

    private boolean onBase(Class<?> c) {
        Path p = WorkerClasspath.codeSourcePath(c);
        return p != null && base.contains(normalize(p.toString()));
    }

    /** A class loader for messages: its name when it has one, and its class. */
    static String describe(ClassLoader l) {
        if (l == null) {
            return "bootstrap";
        }
        return l.getName() == null ? l.toString() : "'" + l.getName() + "' (" + l + ")";
    }

    private static String normalize(String entry) {
        try {
            return Path.of(entry).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return entry;
        }
    }

    /** Tries procpool's loader, then each task class loader seen, in order. */
    private static final class SeenLoaders extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final List<ClassLoader> loaders = new CopyOnWriteArrayList<>();

        SeenLoaders(ClassLoader parent) {
            super("procpool-task-loaders", parent);
        }

        void add(ClassLoader l) {
            if (!loaders.contains(l)) {
                loaders.add(l);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            for (ClassLoader l : loaders) {
                try {
                    return Class.forName(name, false, l);
                } catch (ClassNotFoundException e) {
                    // try the next one
                }
            }
            throw new ClassNotFoundException(name);
        }
    }
}
