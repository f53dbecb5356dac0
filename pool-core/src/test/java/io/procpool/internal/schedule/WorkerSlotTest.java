package io.procpool.internal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.internal.schedule.WorkerSlot.Phase;
import org.junit.jupiter.api.Test;

public class WorkerSlotTest {
    @Test
    void moveTo_edgeNotInTheMachine_throwsNamingBoth() {
        WorkerSlot s = new WorkerSlot(1, 0, io.procpool.PoolListener.WorkerStart.INITIAL);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.moveTo(Phase.RETIRING));
        assertEquals("worker cannot go from STARTING to RETIRING", e.getMessage());
        s.moveTo(Phase.DEAD);
        assertThrows(IllegalStateException.class, () -> s.moveTo(Phase.READY));
    }

    @Test
    void lifecycle_recycled_retiringThenRetiredThenDead() {
        WorkerSlot s = new WorkerSlot(1, 0, io.procpool.PoolListener.WorkerStart.INITIAL);
        assertFalse(s.wasReady());
        assertTrue(s.active());
        s.moveTo(Phase.READY);
        assertTrue(s.canTakeWork());
        s.moveTo(Phase.RETIRING);
        assertFalse(s.canTakeWork());
        assertFalse(s.active());
        s.moveTo(Phase.RETIRED);
        s.moveTo(Phase.DEAD);
        assertTrue(s.wasReady());
    }

    @Test
    void timedOut_onlyDeathFollows() {
        WorkerSlot s = new WorkerSlot(1, 0, io.procpool.PoolListener.WorkerStart.INITIAL);
        s.moveTo(Phase.READY);
        s.moveTo(Phase.TIMED_OUT);
        assertThrows(IllegalStateException.class, () -> s.moveTo(Phase.STOPPING));
        s.moveTo(Phase.DEAD);
    }
}
