package io.procpool.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TaskInstancesSentTest {
    @Test
    void admit_firstTimeSends_thenHeld() {
        TaskInstancesSent s = new TaskInstancesSent(2);
        assertArrayEquals(new long[0], s.admit(7));
        assertNull(s.admit(7), "held: no INSTANCE frame again");
    }

    @Test
    void admit_beyondCapacity_dropsLeastRecentlyUsed() {
        TaskInstancesSent s = new TaskInstancesSent(2);
        s.admit(1);
        s.admit(2);
        assertNull(s.admit(1)); // 1 used again: 2 is now the eldest

        assertArrayEquals(new long[] {2}, s.admit(3));
        assertNull(s.admit(1));
        assertNull(s.admit(3));
        assertArrayEquals(new long[] {1}, s.admit(2), "a dropped id is sent again, dropping the eldest");
    }

    @Test
    void admit_manyPerCallInstances_holdStaysBounded() {
        TaskInstancesSent s = new TaskInstancesSent(TaskInstancesSent.MAX_PER_WORKER);
        for (long id = 1; id <= TaskInstancesSent.MAX_PER_WORKER; id++) {
            assertArrayEquals(new long[0], s.admit(id));
        }
        for (long id = TaskInstancesSent.MAX_PER_WORKER + 1; id <= 10_000; id++) {
            assertArrayEquals(new long[] {id - TaskInstancesSent.MAX_PER_WORKER}, s.admit(id));
        }
    }
}
