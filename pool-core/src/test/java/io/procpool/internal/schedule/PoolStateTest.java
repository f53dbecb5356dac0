package io.procpool.internal.schedule;

import static io.procpool.internal.schedule.SchedulingFixture.fill;
import static io.procpool.internal.schedule.SchedulingFixture.ids;
import static io.procpool.internal.schedule.SchedulingFixture.readySlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool's lifecycle and close with work in flight, as scripted events on pure state. */
public class PoolStateTest {
    private final SchedulingFixture f = new SchedulingFixture();

    @Test
    void transitions_onlyAlongTheDocumentedEdges() {
        assertTrue(PoolState.OPENING.canMoveTo(PoolState.OPEN));
        assertTrue(PoolState.OPEN.canMoveTo(PoolState.DRAINING));
        assertTrue(PoolState.DRAINING.canMoveTo(PoolState.CLOSING));
        assertTrue(PoolState.BROKEN.canMoveTo(PoolState.CLOSING));
        assertTrue(PoolState.CLOSING.canMoveTo(PoolState.CLOSED));
        assertFalse(PoolState.DRAINING.canMoveTo(PoolState.OPEN));
        assertFalse(PoolState.CLOSED.canMoveTo(PoolState.OPENING));
        assertFalse(PoolState.BROKEN.canMoveTo(PoolState.OPEN));
        for (PoolState s : PoolState.values()) {
            assertFalse(PoolState.CLOSED.canMoveTo(s));
        }
    }

    @Test
    void close_withWorkInFlight_drainsThenLeftoversFail() throws Exception {
        Dispatch d = new Dispatch(2, 0, 1 << 20);
        List<TaskUnit> u = f.queue(10);
        WorkerSlot w1 = readySlot();
        WorkerSlot w2 = readySlot();
        fill(d, f.pending, w1, 2, 1); // w1 holds 0..5, w2 nothing yet
        assertEquals(6, w1.inflightItems());
        assertEquals(4, f.pending.size());

        // close(): DRAINING still dispatches and still replaces lost workers while work is queued.
        PoolState state = PoolState.DRAINING;
        assertTrue(state.dispatches());
        assertTrue(state.replacesWorkers(true));
        assertFalse(state.replacesWorkers(false));
        assertTrue(state.handlesLosses(), "a crash while draining is still retried");
        fill(d, f.pending, w2, 2, 2);
        assertTrue(f.pending.isEmpty());
        assertFalse(PoolState.idle(f.pending, List.of(w1, w2)));

        // Results arrive for w1's first batch; then the shutdown deadline passes.
        ResultMatcher.match(w1, ids(u.get(0), u.get(1)), 3);
        assertFalse(PoolState.idle(f.pending, List.of(w1, w2)));
        f.queue(1); // queued after the last dispatch (a re-queued element, say)
        assertTrue(state.canMoveTo(PoolState.CLOSING));
        state = PoolState.CLOSING;
        assertFalse(state.dispatches());
        assertFalse(state.handlesLosses());

        List<TaskUnit> leftovers = PoolState.leftovers(f.pending);
        assertEquals(1, leftovers.size());
        assertEquals(10, leftovers.get(0).index);
        assertTrue(f.pending.isEmpty());

        // The workers get BYE and are gone: what each still held fails, once.
        List<TaskUnit> fromW1 = PoolState.unfinished(w1);
        List<TaskUnit> fromW2 = PoolState.unfinished(w2);
        assertEquals(u.subList(2, 6), fromW1);
        assertEquals(u.subList(6, 10), fromW2);
        assertTrue(PoolState.unfinished(w1).isEmpty(), "nothing fails twice");
        assertTrue(PoolState.idle(f.pending, List.of(w1, w2)));
    }

    @Test
    void idle_cancelledQueuedElementsDoNotHoldTheDrain() {
        f.queue(3);
        f.job.cancelled = true;
        assertTrue(PoolState.idle(f.pending, List.of(readySlot())));
        assertNotNull(f.pending);
        assertTrue(f.pending.isEmpty());
    }
}
