package io.procpool.internal.schedule;

import static io.procpool.internal.schedule.StartBackoff.Verdict.BREAK;
import static io.procpool.internal.schedule.StartBackoff.Verdict.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

public class StartBackoffTest {
    private static final long MS = 1_000_000;

    @Test
    void startFailure_whileOpening_breaksAtOnce() {
        assertEquals(BREAK, new StartBackoff().failed(false, true, 0));
    }

    @Test
    void startFailure_afterOpen_backsOffDoublingThenBreaksAtThird() {
        StartBackoff b = new StartBackoff();
        assertEquals(RETRY, b.failed(false, false, 0));
        assertEquals(100 * MS, b.respawnDelay(0));
        assertEquals(RETRY, b.failed(false, false, 1000 * MS));
        assertEquals(200 * MS, b.respawnDelay(1000 * MS));
        assertEquals(150 * MS, b.respawnDelay(1050 * MS), "the delay counts down with the clock");
        assertEquals(BREAK, b.failed(false, false, 2000 * MS));
    }

    @Test
    void killedAtStart_shortBackoffTenInARowBreaks_readyResets() {
        StartBackoff b = new StartBackoff();
        for (int i = 1; i < 10; i++) {
            assertEquals(RETRY, b.failed(true, true, 0), "kill " + i + " (even while opening)");
            assertEquals(50 * MS * i, b.respawnDelay(0));
        }
        b.ready();
        assertEquals(RETRY, b.failed(true, false, 0));
        assertEquals(50 * MS, b.respawnDelay(0));
    }
}
