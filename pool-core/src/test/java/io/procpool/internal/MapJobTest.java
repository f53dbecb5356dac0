package io.procpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolClosedException;
import io.procpool.PoolException;
import io.procpool.TaskFailedException;
import io.procpool.internal.schedule.TaskUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reorder ring and the done queue, with a scripted pool that answers every chunk at once in
 * reverse order (so the last element of a chunk completes first). No threads.
 */
@Timeout(10)
class MapJobTest {
    /** Answers each enqueued chunk synchronously; element 3 fails when {@code failThree}. */
    private static final class ReversingIntake extends ScriptedIntake {
        final List<Long> enqueued = new ArrayList<>();
        boolean failThree;
        boolean closed;

        @Override
        public void enqueue(List<TaskUnit> units) {
            if (closed) {
                throw new PoolClosedException("pool is closed");
            }
            List<TaskUnit> reversed = new ArrayList<>(units);
            Collections.reverse(reversed);
            for (TaskUnit u : reversed) {
                enqueued.add(u.index);
                if (failThree && u.index == 3) {
                    u.job.failed(u, new TaskFailedException("three", u.className, u.index, null));
                } else {
                    u.job.succeeded(u, "r" + u.index);
                }
            }
        }
    }

    private static List<Object> drain(MapJob job) {
        List<Object> got = new ArrayList<>();
        while (job.tryAdvance(got::add)) {
            // collects
        }
        return got;
    }

    private static List<Object> expected(int n) {
        return IntStream.range(0, n).mapToObj(i -> (Object) ("r" + i)).toList();
    }

    @Test
    void ordered_resultsCompleteInReverse_handedOutInInputOrderAcrossManyWindows() {
        ReversingIntake intake = new ReversingIntake();
        MapJob job = new MapJob(intake, 8, "T", IntStream.range(0, 50).boxed().iterator(), true, null);
        assertEquals(expected(50), drain(job));
        assertTrue(intake.enqueued.get(0) > 0, "completion order really was reversed");
    }

    @Test
    void unordered_handedOutInCompletionOrder() {
        ReversingIntake intake = new ReversingIntake();
        MapJob job = new MapJob(intake, 8, "T", IntStream.range(0, 20).boxed().iterator(), false, null);
        List<Object> got = drain(job);
        assertEquals(intake.enqueued.stream().map(i -> (Object) ("r" + i)).toList(), got);
        assertEquals(20, got.size());
    }

    @Test
    void ordered_failedElement_thrownInItsPlaceThenTheRestFollow() {
        ReversingIntake intake = new ReversingIntake();
        intake.failThree = true;
        MapJob job = new MapJob(intake, 8, "T", IntStream.range(0, 6).boxed().iterator(), true, null);
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertTrue(job.tryAdvance(got::add));
        }
        PoolException e = assertThrows(TaskFailedException.class, () -> job.tryAdvance(got::add));
        assertEquals("three", e.getMessage());
        while (job.tryAdvance(got::add)) {
            // the rest
        }
        assertEquals(List.of("r0", "r1", "r2", "r4", "r5"), got);
    }

    @Test
    void poolClosedBeforeIntake_pulledElementsFailInTheirPlaces() {
        ReversingIntake intake = new ReversingIntake();
        intake.closed = true;
        MapJob job = new MapJob(intake, 8, "T", IntStream.range(0, 3).boxed().iterator(), true, null);
        assertThrows(PoolClosedException.class, () -> job.tryAdvance(x -> {}));
    }
}
