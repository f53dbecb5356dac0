package io.procpool.it.hardening;

import io.procpool.it.SharedPool;
import static io.procpool.it.hardening.HardeningSupport.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.hardening.HardeningTasks.HoldsStream;
import io.procpool.it.hardening.HardeningTasks.HoldsThread;
import io.procpool.it.hardening.HardeningTasks.IdOf;
import io.procpool.it.hardening.HardeningTasks.NoNoArg;
import io.procpool.it.core.CoreTasks.Square;
import io.procpool.it.hardening.HardeningTasks.StreamResultOnOne;
import io.procpool.it.hardening.HardeningTasks.ThreadResultOnOne;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values that cannot be serialized (or rebuilt) fail only their element, at its position, with the
 * class named; the worker survives. One shared pool of one worker: the per-test check that the
 * original worker is the only child proves that none of these failures cost a worker.
 */
@Timeout(60)
class SerializationFailureTest {
    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(() -> WorkerPool.open(1))
            .afterEach(SharedPool.stillMaps(Square.class, List.of(0, 1, 2, 3), List.of(0L, 1L, 4L, 9L)));

    /** Runs {@link IdOf} over {@code [0, bad, 2]} and returns the failure of the middle element. */
    private static TaskFailedException middleFails(Object bad) {
        Iterator<Integer> it = SHARED.pool().map(IdOf.class, Stream.of(0, bad, 2)).iterator();
        assertEquals(0, it.next());
        TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
        assertEquals(1, e.index(), "index of the failed element");
        assertEquals(IdOf.class.getName(), e.taskClass());
        assertEquals(2, it.next());
        assertFalse(it.hasNext());
        return e;
    }

    @Test
    void map_parameterHoldingThread_failsAtItsPositionNamingTheClass() {
        TaskFailedException e = middleFails(new HoldsThread(1));

        assertMentions(e, "cannot serialize parameter", HoldsThread.class.getName(), "java.lang.Thread", "transient");
    }

    @Test
    void map_parameterHoldingInputStream_failsAtItsPositionNamingTheClass() {
        TaskFailedException e = middleFails(new HoldsStream(1));

        assertMentions(e, "cannot serialize parameter", HoldsStream.class.getName(), "java.io.ByteArrayInputStream",
                "transient");
    }

    @Test
    void submit_parameterHoldingInputStream_futureFailsNamingTheClass() throws Exception {
        ExecutionException ee = assertThrows(ExecutionException.class,
                () -> SHARED.pool().submit(IdOf.class, new HoldsStream(1)).get(30, TimeUnit.SECONDS));

        TaskFailedException e = assertInstanceOf(TaskFailedException.class, ee.getCause());
        assertEquals(-1, e.index());
        assertMentions(e, "cannot serialize parameter", HoldsStream.class.getName());
    }

    @Test
    void map_resultHoldingInputStream_failsInWorkerAtItsPositionNamingTheClass() {
        Iterator<Object> it = SHARED.pool().map(StreamResultOnOne.class, List.of(0, 1, 2)).iterator();

        assertEquals(0, it.next());
        TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
        assertEquals(1, e.index());
        assertMentions(e, "cannot serialize the result", HoldsStream.class.getName(), "java.io.ByteArrayInputStream");
        assertEquals(2, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void map_resultHoldingThread_failsInWorkerAtItsPositionNamingTheClass() {
        Iterator<Object> it = SHARED.pool().map(ThreadResultOnOne.class, List.of(0, 1, 2)).iterator();

        assertEquals(0, it.next());
        TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
        assertEquals(1, e.index());
        assertMentions(e, "cannot serialize the result", HoldsThread.class.getName(), "java.lang.Thread");
        assertEquals(2, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void map_parameterWithoutNoArgConstructor_failsInWorkerNamingTheClass() {
        TaskFailedException e = middleFails(new NoNoArg(1));

        assertMentions(e, "cannot deserialize the parameter", NoNoArg.class.getName(), "no-arg constructor");
    }

    @Test
    void map_manyUnserializableParametersAmongGoodOnes_eachFailsAloneInOrder() {
        int n = 300;
        Iterator<Integer> it = SHARED.pool().map(IdOf.class, IntStream.range(0, n)
                .mapToObj(i -> i % 3 == 1 ? new HoldsStream(i) : i % 3 == 2 ? (Object) new NoNoArg(i) : i)).iterator();

        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                assertEquals(i, it.next(), "element " + i);
            } else {
                TaskFailedException e = assertThrows(TaskFailedException.class, it::next, "element " + i);
                assertEquals(i, e.index());
            }
        }
        assertFalse(it.hasNext());
    }
}
