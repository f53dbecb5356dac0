package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolException;
import io.procpool.Task;
import io.procpool.TaskFailedException;
import io.procpool.WorkerCrashedException;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Corner cases found in review: each once led to a wrong outcome, a hang or a leak. */
@ExtendWith(NoLeftoverWorkers.class)
class EdgeCaseTest {
    /** Halts its worker on input 1, echoes others. */
    public static final class HaltOnOne implements Task<Object, Integer> {
        @Override
        public Integer run(Object p) {
            if (Integer.valueOf(1).equals(p)) {
                Runtime.getRuntime().halt(9);
            }
            return p instanceof Integer i ? i : -1;
        }
    }

    /** Throws a plain {@code Error} subclass (not an Exception, not a VM error). */
    public static final class ThrowsError implements Task<Integer, Integer> {
        /** An error the worker did not catch before. */
        public static final class Custom extends Error {
            private static final long serialVersionUID = 1L;

            public Custom(String m) {
                super(m);
            }
        }

        @Override
        public Integer run(Integer p) {
            throw new Custom("custom error " + p);
        }
    }

    /** Overflows the stack: its trace alone is larger than a small frame cap. */
    public static final class Overflow implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer p) {
            return deep(p) + 1;
        }

        private static int deep(int n) {
            return deep(n + 1) + 1;
        }
    }

    /** Returns the length of the byte array it was given. */
    public static final class Length implements Task<byte[], Integer> {
        @Override
        public Integer run(byte[] p) {
            return p.length;
        }
    }

    @Test
    void map_unserializableThenCrashing_atMostOnce_blamesTheRightElement() {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).batchSize(4).open()) {
            Iterator<Integer> it = pool.map(HaltOnOne.class, Stream.<Object>of(new Thread(), 1, 2)).iterator();
            TaskFailedException skipped = assertThrows(TaskFailedException.class, it::next);
            assertEquals(0, skipped.index());
            assertTrue(skipped.getMessage().contains("cannot serialize parameter"), skipped.getMessage());
            WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, it::next);
            assertEquals(1, crash.index(), crash.getMessage());
            assertEquals(1, crash.attempts());
            assertEquals(2, it.next());
        }
    }

    @Test
    void submit_taskThrowsPlainError_isATaskFailureNotACrash() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).open()) {
            List<Long> before = pool.workerPids();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> pool.submit(ThrowsError.class, 5).get(30, TimeUnit.SECONDS));
            TaskFailedException t = assertInstanceOf(TaskFailedException.class, e.getCause());
            assertEquals(ThrowsError.Custom.class.getName(), t.remoteClassName());
            assertEquals("custom error 5", t.remoteMessage());
            assertEquals(before, pool.workerPids(), "the worker survived");
        }
    }

    @Test
    void submit_stackOverflowWithSmallFrameCap_errorIsTrimmedToFit() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxFrameBytes(4096).open()) {
            List<Long> before = pool.workerPids();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> pool.submit(Overflow.class, 0).get(30, TimeUnit.SECONDS));
            TaskFailedException t = assertInstanceOf(TaskFailedException.class, e.getCause());
            assertEquals(StackOverflowError.class.getName(), t.remoteClassName());
            assertTrue(t.getCause().getStackTrace().length > 0, "some frames kept");
            assertEquals(before, pool.workerPids(), "the worker survived");
        }
    }

    @Test
    void submit_parameterAboveTheDefaultCap_arrivesWhenTheCapIsRaised() throws Exception {
        int size = 80 << 20; // above the 64 MiB default, below the configured cap
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxFrameBytes(128 << 20).open()) {
            assertEquals(size, pool.submit(Length.class, new byte[size]).get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void crashes_doNotLeaveWriterThreadsBehind() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxRetries(0).open()) {
            for (int i = 0; i < 3; i++) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> pool.submit(HaltOnOne.class, 1).get(30, TimeUnit.SECONDS));
                assertInstanceOf(WorkerCrashedException.class, e.getCause());
            }
            assertEquals(7, pool.submit(HaltOnOne.class, 7).get(30, TimeUnit.SECONDS));
            // Writers of the three dead workers end once their loss is handled; poll (threads give no event).
            List<String> writers = Await.last(Duration.ofSeconds(10), EdgeCaseTest::writerThreads,
                    w -> w.size() <= pool.workerPids().size());
            assertEquals(pool.workerPids().size(), writers.size(), "writer threads: " + writers);
        } catch (PoolException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> writerThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("procpool-w") && t.getName().endsWith("-writer")) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
