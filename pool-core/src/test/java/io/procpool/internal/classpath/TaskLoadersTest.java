package io.procpool.internal.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.InvalidTaskException;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TaskLoadersTest {
    /** A class with no dependencies, copied into a directory a plugin loader serves. */
    public static final class Plain {}

    private static URLClassLoader pluginLoader(Path dir) throws Exception {
        String rel = Plain.class.getName().replace('.', '/') + ".class";
        Path to = dir.resolve(rel);
        Files.createDirectories(to.getParent());
        try (var in = Plain.class.getClassLoader().getResourceAsStream(rel)) {
            Files.copy(in, to);
        }
        // parent: the platform loader, so the copy is defined by the plugin loader, not found on the class path
        return new URLClassLoader("plugin", new URL[] {dir.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void derived_classOnBaseClasspath_needsNoWorkerLoader() {
        TaskLoaders loaders = new TaskLoaders(null);
        loaders.prepare(Plain.class);
        assertNull(loaders.forClassName(Plain.class.getName()));
        assertTrue(List.of(loaders.classpath().split(File.pathSeparator)).contains(
                WorkerClasspath.codeSourcePath(io.procpool.Task.class).toString()), "pool-core is on the derived classpath");
    }

    @Test
    void derived_classFromPluginLoader_getsWorkerLoaderWithItsEntries_andDecodes(@TempDir Path dir) throws Exception {
        TaskLoaders loaders = new TaskLoaders(null);
        try (URLClassLoader plugin = pluginLoader(dir)) {
            Class<?> c = plugin.loadClass(Plain.class.getName());
            loaders.prepare(c);
            TaskLoaders.WorkerLoader wl = loaders.forClassName(c.getName());
            assertEquals(1, wl.id());
            assertEquals(List.of(dir.toString()), wl.entries());
            loaders.prepare(c);
            assertSame(wl, loaders.forClassName(c.getName()), "prepared once");
            assertSame(Plain.class, Class.forName(c.getName(), false, loaders.decodingLoader()),
                    "procpool's loader first");
        }
    }

    @Test
    void userClasspath_neverSendsWorkerLoaders(@TempDir Path dir) throws Exception {
        TaskLoaders loaders = new TaskLoaders("/some/app.jar");
        assertEquals("/some/app.jar", loaders.classpath());
        try (URLClassLoader plugin = pluginLoader(dir)) {
            loaders.prepare(plugin.loadClass(Plain.class.getName()));
            assertNull(loaders.forClassName(Plain.class.getName()));
        }
    }

    @Test
    void sameNameFromTwoLoaders_rejectedNamingBoth(@TempDir Path dir) throws Exception {
        TaskLoaders loaders = new TaskLoaders(null);
        loaders.prepare(Plain.class);
        try (URLClassLoader plugin = pluginLoader(dir)) {
            Class<?> other = plugin.loadClass(Plain.class.getName());
            InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> loaders.prepare(other));
            assertTrue(e.getMessage().contains("same name") && e.getMessage().contains("plugin"), e.getMessage());
        }
    }
}
