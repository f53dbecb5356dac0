package io.procpool.it.hardening;

import static io.procpool.it.hardening.HardeningSupport.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.core.CoreTasks.Square;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers whose classpath is the coordinator's minus the test classes, plus a directory holding
 * only {@link PortableSquare}: a task class the coordinator has but the worker cannot load fails
 * each of its elements, and the worker keeps serving task classes it can load.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class WorkerClasspathTest {
    @Test
    void map_taskClassNotOnWorkerClasspath_eachElementFailsSayingItCannotBeLoaded(@TempDir Path extra)
            throws Exception {
        List<Path> cp = HardeningSupport.classpathWithoutTestClasses();
        cp.add(HardeningSupport.copyClassFile(PortableSquare.class, extra));

        try (WorkerPool pool = WorkerPool.builder().workers(1).classpath(cp).open()) {
            List<Long> pids = pool.workerPids();
            Iterator<Long> it = pool.map(Square.class, List.of(1, 2, 3)).iterator();
            for (int i = 0; i < 3; i++) {
                TaskFailedException e = assertThrows(TaskFailedException.class, it::next, "element " + i);
                assertEquals(i, e.index());
                assertMentions(e, Square.class.getName(), "cannot be loaded in the worker", "ClassNotFoundException",
                        "classpath");
            }
            assertFalse(it.hasNext());

            ExecutionException ee = assertThrows(ExecutionException.class,
                    () -> pool.submit(Square.class, 4).get(30, TimeUnit.SECONDS));
            assertMentions(assertInstanceOf(TaskFailedException.class, ee.getCause()), "cannot be loaded in the worker");

            assertEquals(List.of(1L, 4L, 9L), pool.map(PortableSquare.class, List.of(1, 2, 3))
                    .collect(Collectors.toList()));
            assertEquals(pids, pool.workerPids(), "the worker survived");
        }
    }
}
