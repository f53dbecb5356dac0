package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A task exception whose own methods throw or lie is still an ordinary task failure. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class TaskExceptionRobustnessTest {
    @Test
    void taskThrowsExceptionWhoseMethodsMisbehave_eachFailsAlone_workerKept() {
        try (WorkerPool pool = WorkerPool.open(1)) {
            List<Long> pids = pool.workerPids();
            Iterator<String> it = pool.map(NastyExceptions.class, List.of("message", "stack", "cause", "error", "fine"))
                    .iterator();

            TaskFailedException message = assertThrows(TaskFailedException.class, it::next);
            assertEquals(NastyExceptions.MessageThrows.class.getName(), message.remoteClassName());
            assertTrue(message.remoteMessage().contains("message unavailable"), message.remoteMessage());
            assertTrue(message.remoteMessage().contains(IllegalStateException.class.getName()),
                    message.remoteMessage());
            assertTrue(message.getCause().getStackTrace().length > 0, "frames are still there");

            TaskFailedException stack = assertThrows(TaskFailedException.class, it::next);
            assertEquals("no stack", stack.remoteMessage());
            assertEquals(0, stack.getCause().getStackTrace().length);

            TaskFailedException cause = assertThrows(TaskFailedException.class, it::next);
            assertEquals("cause throws", cause.remoteMessage());

            TaskFailedException error = assertThrows(TaskFailedException.class, it::next);
            assertTrue(error.remoteMessage().contains("message unavailable"), error.remoteMessage());

            assertEquals("fine", it.next());
            assertEquals(pids, pool.workerPids(), "no worker died, so no element ran twice");
            assertEquals(0, pool.stats().tasksRetried(), "no element ran twice");
            assertEquals(1, pool.stats().workersStarted(), "no worker was replaced");
        }
    }
}
