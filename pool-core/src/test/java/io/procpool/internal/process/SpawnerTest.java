package io.procpool.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** JVM options that would print to stdout (the channel) are pointed at stderr; signals are named. */
public class SpawnerTest {
    @Test
    void toStderr_loggingWithoutOutput_isRedirected() {
        assertEquals("-Xlog:gc:stderr", Spawner.toStderr("-verbose:gc"));
        assertEquals("-Xlog:all=info:stderr", Spawner.toStderr("-Xlog"));
        assertEquals("-Xlog:gc*=debug:stderr", Spawner.toStderr("-Xlog:gc*=debug"));
    }

    @Test
    void toStderr_explicitOutputOrOtherOptions_leftAlone() {
        assertEquals("-Xlog:gc:file=gc.log", Spawner.toStderr("-Xlog:gc:file=gc.log"));
        assertEquals("-Xlog:gc:stdout", Spawner.toStderr("-Xlog:gc:stdout"), "an explicit choice is the user's");
        assertEquals("-Xlog:disable", Spawner.toStderr("-Xlog:disable"));
        assertEquals("-Xmx512m", Spawner.toStderr("-Xmx512m"));
    }

    @Test
    void signals_exitCodesAbove128_areNamed() {
        assertEquals("SIGKILL", Signals.fromExitCode(137));
        assertEquals("SIGSEGV", Signals.fromExitCode(139));
        assertEquals("SIGABRT", Signals.fromExitCode(134));
        assertEquals("exit code 137 (SIGKILL)", Signals.describe(137));
        assertNull(Signals.fromExitCode(3));
        assertEquals("exit code 3", Signals.describe(3));
        assertNull(Signals.fromExitCode(128));
        assertNull(Signals.fromExitCode(200));
    }
}
