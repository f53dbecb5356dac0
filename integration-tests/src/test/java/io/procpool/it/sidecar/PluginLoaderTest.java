package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.InvalidTaskException;
import io.procpool.Task;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Task classes from a plugin class loader that is not on {@code java.class.path}
 * ({@code it-apps/plugin-task}, whose parameter and result are its own records).
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginLoaderTest {
    private static final String TASK = "io.procpool.itapps.plugin.PluginTask";

    @Test
    void pluginLoader_taskWithOwnRecords_runsWithNoSettings() throws Exception {
        URL jar = AppRun.builtJar("procpool.it.pluginJar").toUri().toURL();
        assertThrows(ClassNotFoundException.class, () -> Class.forName(TASK), "the plugin must not be on the class path");
        try (URLClassLoader plugin = new URLClassLoader("plugin", new URL[] {jar}, getClass().getClassLoader());
                WorkerPool pool = WorkerPool.builder().workers(2).open()) {
            Class<? extends Task<Object, Object>> task = taskClass(plugin.loadClass(TASK));
            Class<?> in = plugin.loadClass(TASK + "$In");
            List<Object> params = List.of(10, 22, 35, 4, 532, 12, 42, 53, 23).stream()
                    .map(x -> newRecord(in, x, 15)).collect(Collectors.toList());
            List<Object> out = pool.map(task, params).collect(Collectors.toList());
            Class<?> outType = plugin.loadClass(TASK + "$Out");
            assertEquals("25 37 50 19 547 27 57 68 38", out.stream().map(o -> {
                assertEquals(outType, o.getClass(), "results are the plugin's own record class");
                return String.valueOf(component(o, "sum"));
            }).collect(Collectors.joining(" ")));
            assertTrue(out.stream().allMatch(o -> component(o, "loader").equals("procpool-tasks-1")),
                    () -> "in the worker the task is loaded through the loader the CLASSPATH frame made: " + out);
            // a second map call reuses the loader the workers already have
            assertEquals(47, component(pool.submit(task, newRecord(in, 40, 7)).get(30, TimeUnit.SECONDS), "sum"));
        }
    }

    @Test
    void pluginLoader_taskInstance_recreatedThroughThePluginLoader() throws Exception {
        URL jar = AppRun.builtJar("procpool.it.pluginJar").toUri().toURL();
        try (URLClassLoader plugin = new URLClassLoader("plugin", new URL[] {jar}, getClass().getClassLoader());
                WorkerPool pool = WorkerPool.builder().workers(1).open()) {
            @SuppressWarnings("unchecked")
            Task<Object, Object> task = (Task<Object, Object>) plugin.loadClass(TASK).getConstructor().newInstance();
            Class<?> in = plugin.loadClass(TASK + "$In");
            List<Object> out = pool.map(task, List.of(newRecord(in, 1, 2), newRecord(in, 30, 4)))
                    .collect(Collectors.toList());
            assertEquals(List.of(3, 34), out.stream().map(o -> component(o, "sum")).collect(Collectors.toList()));
            assertEquals(List.of("procpool-tasks-1", "procpool-tasks-1"),
                    out.stream().map(o -> component(o, "loader")).collect(Collectors.toList()),
                    "the instance is recreated through the loader the CLASSPATH frame made");
            assertEquals(47, component(pool.submit(task, newRecord(in, 40, 7)).get(30, TimeUnit.SECONDS), "sum"));
        }
    }

    @Test
    void pluginLoader_noUrlsAndNoCodeSource_errorNamesClasspathSetting() throws Exception {
        Path jar = AppRun.builtJar("procpool.it.pluginJar");
        try (BytesLoader loader = new BytesLoader(jar, getClass().getClassLoader());
                WorkerPool pool = WorkerPool.builder().workers(1).open()) {
            Class<? extends Task<Object, Object>> task = taskClass(loader.loadClass(TASK));
            InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> pool.map(task, List.of()));
            String msg = e.getMessage();
            assertTrue(msg.contains("cannot tell where task class " + TASK + " comes from"), msg);
            assertTrue(msg.contains("not a URLClassLoader"), msg);
            assertTrue(msg.contains("WorkerPool.Builder.classpath"), msg);
            assertFalse(msg.contains("null"), msg);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Task<Object, Object>> taskClass(Class<?> c) {
        return (Class<? extends Task<Object, Object>>) c;
    }

    private static Object newRecord(Class<?> type, int a, int b) {
        try {
            return type.getDeclaredConstructor(int.class, int.class).newInstance(a, b);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object component(Object record, String name) {
        try {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                if (c.getName().equals(name)) {
                    Method m = c.getAccessor();
                    return m.invoke(record);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException(name);
    }

    /** A loader that is not a URLClassLoader and defines classes with no code source location. */
    private static final class BytesLoader extends ClassLoader implements AutoCloseable {
        private final JarFile jar;

        BytesLoader(Path jar, ClassLoader parent) throws IOException {
            super("bytes", parent);
            this.jar = new JarFile(jar.toFile());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            var entry = jar.getEntry(name.replace('.', '/') + ".class");
            if (entry == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                byte[] b = in.readAllBytes();
                return defineClass(name, b, 0, b.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        public void close() throws IOException {
            jar.close();
        }
    }
}
