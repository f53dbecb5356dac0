package io.procpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolException;
import io.procpool.TaskFailedException;
import io.procpool.internal.process.WorkerProcess;
import io.procpool.internal.schedule.SchedulingFixture;
import io.procpool.internal.schedule.TaskUnit;
import io.procpool.protocol.ElementFailure;
import io.procpool.protocol.RemoteError;
import io.procpool.protocol.ResultStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesTest {
    private final SchedulingFixture f = new SchedulingFixture();

    @Test
    void failure_skippedBecauseParameterCouldNotBeSerialized_reportsTheLocalError() {
        TaskUnit u = f.queue(1).get(0);
        byte[] bytes = u.bytes((unit, p) -> {
            throw Outcomes.local(unit.className, unit.index, "cannot serialize parameter of type X", null);
        });
        assertEquals(null, bytes);
        PoolException e = Outcomes.failure(u, ResultStatus.SKIPPED, null, "w1 (pid 1)");
        assertSame(u.unsendable, e);
        assertEquals("task " + SchedulingFixture.TASK + " on input #0: cannot serialize parameter of type X",
                e.getMessage());
    }

    @Test
    void failure_taskThrew_namesWorkerIndexAndRemoteClass() {
        TaskUnit u = f.queue(3).get(2);
        ElementFailure ef = new ElementFailure(RemoteError.message("java.lang.IllegalStateException", "boom"),
                List.of("printed"));
        TaskFailedException e = (TaskFailedException) Outcomes.failure(u, ResultStatus.TASK_THREW, ef, "w1 (pid 7)");
        assertEquals("task " + SchedulingFixture.TASK + " failed on input #2 in worker w1 (pid 7):"
                + " java.lang.IllegalStateException: boom", e.getMessage());
        assertTrue(e.getCause() != null);
    }

    @Test
    void failure_resultUnreadableInCoordinator_elementFailsWithTheError() {
        TaskUnit u = f.queue(1).get(0);
        Error cause = new ExceptionInInitializerError("static init");
        PoolException e = Outcomes.failure(u, ResultStatus.OK, new WorkerProcess.UnreadableResult(cause), "w1");
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains("cannot be deserialized in the coordinator"), e.getMessage());
    }
}
