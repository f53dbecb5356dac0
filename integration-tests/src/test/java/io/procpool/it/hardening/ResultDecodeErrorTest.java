package io.procpool.it.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolStats;
import io.procpool.Task;
import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import io.procpool.it.core.CoreTasks.Square;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A result that the worker sent fine but whose class fails in the coordinator (its static
 * initializer or constructor throws an {@code Error} there only) fails that element with
 * {@link TaskFailedException}; the healthy worker is neither killed nor blamed, nothing is re-run.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class ResultDecodeErrorTest {
    /** Set only in this (the coordinator's) JVM: the result classes below fail here, not in workers. */
    static final String IN_COORDINATOR = "procpool.it.decodeTrap";

    /** Its static initializer fails in the coordinator: ExceptionInInitializerError, then NoClassDefFoundError. */
    public record Touchy(int value) {
        static {
            if (Boolean.getBoolean(IN_COORDINATOR)) {
                throw new IllegalStateException("Touchy cannot initialise in the coordinator");
            }
        }
    }

    /** Its constructor throws an AssertionError in the coordinator. */
    public record Grumpy(int value) {
        public Grumpy {
            if (Boolean.getBoolean(IN_COORDINATOR)) {
                throw new AssertionError("Grumpy refuses to be built in the coordinator");
            }
        }
    }

    /** A plain class (not a record) whose no-arg constructor throws an AssertionError in the coordinator. */
    public static final class Crabby {
        public int value;

        public Crabby() {
            if (Boolean.getBoolean(IN_COORDINATOR)) {
                throw new AssertionError("Crabby refuses to be built in the coordinator");
            }
        }
    }

    public static final class MakeCrabby implements Task<Integer, Crabby> {
        @Override
        public Crabby run(Integer x) {
            Crabby c = new Crabby();
            c.value = x;
            return c;
        }
    }

    public static final class MakeTouchy implements Task<Integer, Touchy> {
        @Override
        public Touchy run(Integer x) {
            return new Touchy(x);
        }
    }

    public static final class MakeGrumpy implements Task<Integer, Grumpy> {
        @Override
        public Grumpy run(Integer x) {
            return new Grumpy(x);
        }
    }

    @AfterEach
    void clearTrap() {
        System.clearProperty(IN_COORDINATOR);
    }

    @Test
    void resultClassInitializerFailsInCoordinator_eachElementFailsWorkerKeepsServing() {
        System.setProperty(IN_COORDINATOR, "true");
        try (WorkerPool pool = WorkerPool.open(1)) {
            List<Long> pids = pool.workerPids();
            Iterator<Touchy> it = pool.map(MakeTouchy.class, List.of(1, 2, 3)).iterator();

            TaskFailedException first = assertThrows(TaskFailedException.class, it::next);
            TaskFailedException second = assertThrows(TaskFailedException.class, it::next);
            TaskFailedException third = assertThrows(TaskFailedException.class, it::next);

            assertCausedBy(ExceptionInInitializerError.class, first);
            assertCausedBy(NoClassDefFoundError.class, second);
            assertCausedBy(NoClassDefFoundError.class, third);
            assertTrue(first.getMessage().contains("cannot be deserialized in the coordinator"), first.getMessage());
            assertEquals(0, first.index());
            assertEquals(2, third.index());
            assertHealthy(pool, pids, 3);
        }
    }

    @Test
    void resultConstructorThrowsAssertionErrorInCoordinator_elementFailsWorkerKeepsServing() {
        System.setProperty(IN_COORDINATOR, "true");
        try (WorkerPool pool = WorkerPool.open(1)) {
            List<Long> pids = pool.workerPids();
            Iterator<Grumpy> it = pool.map(MakeGrumpy.class, List.of(7, 8)).iterator();

            TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
            assertCausedBy(AssertionError.class, e);
            assertEquals(1, assertThrows(TaskFailedException.class, it::next).index());
            assertHealthy(pool, pids, 2);
        }
    }

    @Test
    void plainResultClassNoArgConstructorThrowsAssertionError_elementFailsWorkerKeepsServing() {
        System.setProperty(IN_COORDINATOR, "true");
        try (WorkerPool pool = WorkerPool.open(1)) {
            List<Long> pids = pool.workerPids();
            Iterator<Crabby> it = pool.map(MakeCrabby.class, List.of(5)).iterator();

            TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
            assertCausedBy(AssertionError.class, e);
            assertHealthy(pool, pids, 1);
        }
    }

    /** Somewhere in the cause chain of {@code e} there is a {@code type}. */
    private static void assertCausedBy(Class<? extends Throwable> type, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return;
            }
        }
        throw new AssertionError("no " + type.getName() + " in the cause chain", e);
    }

    private static void assertHealthy(WorkerPool pool, List<Long> pids, int failed) {
        assertEquals(List.of(1L, 4L, 9L), pool.map(Square.class, List.of(1, 2, 3)).collect(Collectors.toList()));
        PoolStats s = pool.stats();
        assertEquals(pids, pool.workerPids(), "the worker was replaced");
        assertEquals(0, s.workersCrashed());
        assertEquals(0, s.tasksRetried());
        assertEquals(failed, s.tasksFailed());
    }
}
