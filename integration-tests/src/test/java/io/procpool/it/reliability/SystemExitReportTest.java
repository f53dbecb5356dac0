package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.Task;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A task that calls {@code System.exit} crashes its worker like any other exit, and the crash
 * message says so and names the call site (the worker's shutdown hook finds the thread inside
 * {@code Runtime.exit}); exits that are not a task's own call say nothing of the kind.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class SystemExitReportTest {
    /** Calls {@code System.exit(status)}. */
    public static final class CallsExit implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer status) {
            System.exit(status); // the line the message must name
            return status;
        }
    }

    /** Halts: no shutdown hook runs, so nothing can be said about the call site. */
    public static final class Halts implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer status) {
            Runtime.getRuntime().halt(status);
            return status;
        }
    }

    private static WorkerCrashedException crash(WorkerPool pool, Class<? extends Task<Integer, Integer>> task,
            int status) {
        CompletableFuture<Integer> f = pool.submit(task, status);
        return assertInstanceOf(WorkerCrashedException.class,
                assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS)).getCause());
    }

    @Test
    void submit_taskCallsSystemExit0_messageNamesTheCallSite() {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).open()) {
            WorkerCrashedException e = crash(pool, CallsExit.class, 0);

            assertEquals(0, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("exit code 0"), e.getMessage());
            assertTrue(e.getMessage().contains("the task called System.exit(0) at "
                    + CallsExit.class.getName() + ".run(SystemExitReportTest.java:"), e.getMessage());
        }
    }

    @Test
    void submit_taskCallsSystemExit3_messageHasTheStatus() {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).open()) {
            WorkerCrashedException e = crash(pool, CallsExit.class, 3);

            assertTrue(e.getMessage().contains("the task called System.exit(3) at " + CallsExit.class.getName()),
                    e.getMessage());
        }
    }

    @Test
    void submit_taskHalts_messageDoesNotClaimSystemExit() {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).open()) {
            WorkerCrashedException e = crash(pool, Halts.class, 0);

            assertTrue(e.getMessage().contains("exit code 0"), e.getMessage());
            assertFalse(e.getMessage().contains("System.exit"), e.getMessage());
        }
    }
}
