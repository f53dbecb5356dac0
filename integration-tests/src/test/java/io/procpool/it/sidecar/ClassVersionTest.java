package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task class the worker's JVM cannot load because of its class file version fails with the real
 * cause and fix, not a classpath hint. Workers get another {@link VersionedTask} class file ahead
 * of the normal classpath: compiled here with {@code --enable-preview} (using a preview language
 * feature, so javac marks it), or a copy with its major version changed.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class ClassVersionTest {
    @Test
    void taskClassCompiledWithPreviewFeatures_workerWithoutPreview_failsNamingEnablePreview(@TempDir Path dir)
            throws Exception {
        String cp = compiledWithPreviewClasspath(dir);
        try (WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).open()) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(VersionedTask.class, List.of(1)).toList());

            assertMentions(e, "compiled with preview features", "jvmArgs(\"--enable-preview\")",
                    System.getProperty("java.version"));
            assertFalse(e.getMessage().contains("is it on the worker's classpath"), e.getMessage());
        }
    }

    @Test
    void taskClassCompiledWithPreviewFeatures_jvmArgsEnablePreview_runs(@TempDir Path dir) throws Exception {
        String cp = compiledWithPreviewClasspath(dir);
        try (WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).jvmArgs("--enable-preview").open()) {
            assertEquals(2, pool.submit(VersionedTask.class, 1).get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void taskClassCompiledForNewerJava_failsNamingVersionsAndJavaExecutable(@TempDir Path dir) throws Exception {
        String cp = patchedClasspath(dir, 0, 99);
        try (WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).open()) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(VersionedTask.class, List.of(1)).toList());

            assertMentions(e, "compiled for a newer Java", "Java 55 (class file version 99)", "javaExecutable",
                    "--release " + Runtime.version().feature(), "Java " + Runtime.version().feature());
            assertFalse(e.getMessage().contains("is it on the worker's classpath"), e.getMessage());
        }
    }

    private static void assertMentions(TaskFailedException e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
    }

    /**
     * {@code dir} holding a VersionedTask compiled with {@code --enable-preview --release N} (N: this
     * JDK), using pattern matching in {@code switch} (a preview feature of Java 17), then the test
     * classpath.
     */
    private static String compiledWithPreviewClasspath(Path dir) throws IOException {
        assertEquals(17, Runtime.version().feature(), "the source below uses a preview feature of Java 17");
        Path src = dir.resolve("src/io/procpool/it/sidecar/VersionedTask.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package io.procpool.it.sidecar;\n"
                + "public final class VersionedTask implements io.procpool.Task<Integer, Integer> {\n"
                + "    @Override public Integer run(Integer x) {\n"
                + "        Object o = x;\n"
                + "        return switch (o) { case Integer i -> i + 1; default -> -1; };\n"
                + "    }\n"
                + "}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(messages, files, null, List.of("--enable-preview", "--release",
                    Integer.toString(Runtime.version().feature()), "-Xlint:-preview", "-cp",
                    System.getProperty("java.class.path"), "-d", classes.toString()), null,
                    files.getJavaFileObjects(src)).call();
            assertTrue(ok, () -> "javac: " + messages);
        }
        byte[] b = Files.readAllBytes(classes.resolve("io/procpool/it/sidecar/VersionedTask.class"));
        assertEquals(0xFFFF, ((b[4] & 0xFF) << 8) | (b[5] & 0xFF), "javac marked the class as using preview features");
        return classes + File.pathSeparator + System.getProperty("java.class.path");
    }

    /** {@code dir} holding VersionedTask.class with the given version, then the test classpath. */
    private static String patchedClasspath(Path dir, int minor, int major) throws IOException {
        String resource = VersionedTask.class.getName().replace('.', '/') + ".class";
        byte[] b;
        try (InputStream in = VersionedTask.class.getClassLoader().getResourceAsStream(resource)) {
            b = in.readAllBytes();
        }
        b[4] = (byte) (minor >> 8);
        b[5] = (byte) minor;
        b[6] = (byte) (major >> 8);
        b[7] = (byte) major;
        Path file = dir.resolve(resource);
        Files.createDirectories(file.getParent());
        Files.write(file, b);
        return dir + File.pathSeparator + System.getProperty("java.class.path");
    }
}
