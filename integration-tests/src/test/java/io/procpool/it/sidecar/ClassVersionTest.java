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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task class the worker's JVM cannot load because of its class file version fails with the real
 * cause and fix, not a classpath hint. Workers get a copy of {@link VersionedTask}'s class file
 * with its version bytes changed, ahead of the normal classpath.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class ClassVersionTest {
    private static final int PREVIEW_MINOR = 0xFFFF;

    @Test
    void taskClassCompiledWithPreviewFeatures_workerWithoutPreview_failsNamingEnablePreview(@TempDir Path dir)
            throws Exception {
        String cp = patchedClasspath(dir, PREVIEW_MINOR, Runtime.version().feature() + 44);
        try (WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).open()) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(VersionedTask.class, List.of(1)).toList());

            assertMentions(e, "compiled with preview features", "jvmArgs(\"--enable-preview\")",
                    "Java " + System.getProperty("java.version"));
            assertFalse(e.getMessage().contains("is it on the worker's classpath"), e.getMessage());
        }
    }

    @Test
    void taskClassCompiledWithPreviewFeatures_jvmArgsEnablePreview_runs(@TempDir Path dir) throws Exception {
        String cp = patchedClasspath(dir, PREVIEW_MINOR, Runtime.version().feature() + 44);
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

            assertMentions(e, "compiled for Java 55 (class file version 99)", "javaExecutable",
                    "--release " + Runtime.version().feature());
            assertFalse(e.getMessage().contains("is it on the worker's classpath"), e.getMessage());
        }
    }

    private static void assertMentions(TaskFailedException e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
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
