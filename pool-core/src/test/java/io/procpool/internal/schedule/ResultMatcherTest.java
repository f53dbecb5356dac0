package io.procpool.internal.schedule;

import static io.procpool.internal.schedule.SchedulingFixture.fill;
import static io.procpool.internal.schedule.SchedulingFixture.ids;
import static io.procpool.internal.schedule.SchedulingFixture.readySlot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.protocol.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ResultMatcherTest {
    private final SchedulingFixture f = new SchedulingFixture();
    private final WorkerSlot w = readySlot();
    private List<TaskUnit> units;

    private void sendSix() {
        units = f.queue(6);
        fill(new Dispatch(2, 0, 1 << 20), f.pending, w, 1, 0); // three batches of two
    }

    @Test
    void match_nextIdsAcrossBatches_returnsThemAndClearsSuspicion() throws Exception {
        sendSix();
        units.get(1).suspect = true;
        TaskUnit[] got = ResultMatcher.match(w, ids(units.get(0), units.get(1), units.get(2)), 42);
        assertArrayEquals(units.subList(0, 3).toArray(), got);
        assertFalse(units.get(1).suspect);
        assertEquals(3, w.inflightItems());
        assertEquals(3, w.completed);
        assertEquals(42, w.lastResultNanos);
        assertEquals(2, w.inflight.size(), "the first batch is done");
    }

    @Test
    void match_outOfOrder_brokenChannelNothingChanged() {
        sendSix();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ResultMatcher.match(w, ids(units.get(0), units.get(2)), 1));
        assertTrue(e.getMessage().contains("not the next one in flight"), e.getMessage());
        assertEquals(6, w.inflightItems());
        assertEquals(0, w.completed);
    }

    @Test
    void match_unknownId_brokenChannel() {
        sendSix();
        assertThrows(ProtocolException.class, () -> ResultMatcher.match(w, new long[] {999}, 1));
        assertEquals(6, w.inflightItems());
    }

    @Test
    void match_moreResultsThanInFlight_brokenChannel() throws Exception {
        sendSix();
        ResultMatcher.match(w, ids(units.toArray(new TaskUnit[0])), 1);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ResultMatcher.match(w, new long[] {units.get(5).id}, 2));
        assertTrue(e.getMessage().contains("nothing is in flight"), e.getMessage());
    }
}
