package io.procpool.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

public class ExitCallTest {
    @Test
    void find_lineFromTheWorkersHook_describedWithTheExitStatus() {
        List<String> tail = List.of("some output", ExitCall.PREFIX + "com.x.Y.run(Y.java:12) (thread procpool-w1-main)",
                "after");
        assertEquals("the task called System.exit(0) at com.x.Y.run(Y.java:12) (thread procpool-w1-main)",
                ExitCall.find(tail, 0));
    }

    @Test
    void find_noSuchLine_null() {
        assertNull(ExitCall.find(List.of("[procpool-worker] exiting (70): coordinator closed the channel"), 70));
    }
}
