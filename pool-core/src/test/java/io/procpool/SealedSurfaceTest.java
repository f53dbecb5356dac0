package io.procpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.procpool.internal.Coordinator;
import io.procpool.internal.PoolConfig;
import io.procpool.internal.PoolOpener;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On the class path every public class of io.procpool.internal is reachable: none may open a pool. */
class SealedSurfaceTest {
    @Test
    void poolOpener_claimedByAnyoneButWorkerPool_refused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, PoolOpener::claim);
        assertEquals("io.procpool.internal is not API: open pools with WorkerPool.builder()", e.getMessage());
    }

    @Test
    void coordinator_noPublicWayToOpenOrConstruct() throws Exception {
        assertEquals(0, Coordinator.class.getConstructors().length);
        assertFalse(Modifier.isPublic(Coordinator.class.getDeclaredMethod("open", PoolConfig.class).getModifiers()));
    }

    @Test
    void poolConfig_builtAroundTheBuilder_stillValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PoolConfig(0, List.of(),
                null, null, null, List.of(), 2, null, 0, 8192, 0, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(2),
                true, List.of(), Progress.Mode.OFF, true, 0, Duration.ofSeconds(60), 0, false));
        assertEquals("workers must be between 1 and 512, was 0", e.getMessage());
    }
}
