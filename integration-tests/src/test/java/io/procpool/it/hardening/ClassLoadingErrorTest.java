package io.procpool.it.hardening;

import static io.procpool.it.hardening.HardeningSupport.assertMentions;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.procpool.Task;
import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task class the worker finds but cannot load: the error names the real cause (class file
 * version, missing dependency) and its fix, not a generic "put it on the classpath".
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class ClassLoadingErrorTest {
    /** A base class the worker will not have. */
    public static class SquareBase {
        protected long square(int x) {
            return (long) x * x;
        }
    }

    /** A task whose superclass is missing on the worker's classpath. */
    public static final class NeedsBase extends SquareBase implements Task<Integer, Long> {
        @Override
        public Long run(Integer x) {
            return square(x);
        }
    }

    @Test
    void map_taskClassFromNewerJava_errorNamesClassVersionAndJavaExecutable(@TempDir Path extra) throws Exception {
        Path patched = HardeningSupport.copyClassFile(PortableSquare.class, extra);
        Path file = patched.resolve(PortableSquare.class.getName().replace('.', '/') + ".class");
        byte[] b = Files.readAllBytes(file);
        b[6] = 0;
        b[7] = 99; // class file major version 99: a Java far newer than this one
        Files.write(file, b);
        List<Path> cp = HardeningSupport.classpathWithoutTestClasses();
        cp.add(0, patched);

        try (WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).open()) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(PortableSquare.class, List.of(1)).collect(Collectors.toList()));
            assertMentions(e, PortableSquare.class.getName(), "compiled for a newer Java",
                    "Java " + System.getProperty("java.specification.version"), "WorkerPool.Builder.javaExecutable",
                    "--release");
            assertFalse(e.getMessage().contains("is not on the worker's classpath"), e.getMessage());
        }
    }

    @Test
    void map_taskClassMissingItsSuperclass_errorNamesTheMissingClass(@TempDir Path extra) throws Exception {
        List<Path> cp = HardeningSupport.classpathWithoutTestClasses();
        cp.add(HardeningSupport.copyClassFile(NeedsBase.class, extra));

        try (WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).open()) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(NeedsBase.class, List.of(1)).collect(Collectors.toList()));
            assertMentions(e, NeedsBase.class.getName(), "the class was found", SquareBase.class.getName(),
                    "which it needs, is not on the worker's classpath", "NoClassDefFoundError");
        }
    }
}
