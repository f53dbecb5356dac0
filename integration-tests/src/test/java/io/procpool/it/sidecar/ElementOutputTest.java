package io.procpool.it.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.TaskFailedException;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A failed element's exception carries what that element printed in the worker. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class ElementOutputTest {
    @Test
    void taskFailed_carriesLinesPrintedByThatElement() {
        try (WorkerPool pool = WorkerPool.builder().workers(1).batchSize(1).open()) {
            Iterator<String> it = pool.map(PrintsThenThrows.class, List.of("ok-a", "b", "ok-c", "d")).iterator();

            assertEquals("ok-a", it.next());
            TaskFailedException b = assertThrows(TaskFailedException.class, it::next);
            assertEquals(List.of("b out", "b err"), b.output());
            assertEquals("ok-c", it.next());
            TaskFailedException d = assertThrows(TaskFailedException.class, it::next);
            assertEquals(List.of("d out", "d err"), d.output(), "only d's lines, not those of the elements before");
        }
    }

    @Test
    void taskFailed_afterManyLines_carriesLast50() {
        try (WorkerPool pool = WorkerPool.open(1)) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(PrintsThenThrows.class, List.of("many")).toList());

            assertEquals(IntStream.range(150, 200).mapToObj(i -> "line " + i).collect(Collectors.toList()), e.output());
        }
    }

    @Test
    void taskFailed_afterHugeLine_carriesItsLast8KiB() {
        try (WorkerPool pool = WorkerPool.open(1)) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(PrintsThenThrows.class, List.of("long")).toList());

            assertEquals(1, e.output().size(), e.output().toString());
            String line = e.output().get(0);
            assertTrue(line.startsWith("...yyy") && line.endsWith("yyyEND"), line);
            assertTrue(line.length() <= 8192 + 3, "length " + line.length());
        }
    }

    @Test
    void taskFailedWithoutPrinting_hasEmptyOutput() {
        try (WorkerPool pool = WorkerPool.open(1)) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> pool.map(NastyExceptions.class, List.of("stack")).toList());

            assertEquals(List.of(), e.output());
        }
    }
}
