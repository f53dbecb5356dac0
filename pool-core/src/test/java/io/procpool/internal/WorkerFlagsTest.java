package io.procpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Worker JVM flags: the worker's share of the cores, and no collector chosen twice. */
class WorkerFlagsTest {
    @Test
    void defaults_shareOfCores_atLeastOne() {
        assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=2"),
                WorkerFlags.defaults(2, 2, List.of()));
        assertEquals("-XX:ActiveProcessorCount=4", WorkerFlags.defaults(16, 4, List.of()).get(0));
        assertEquals("-XX:ActiveProcessorCount=1", WorkerFlags.defaults(2, 8, List.of()).get(0));
    }

    @Test
    void defaults_userPicksCollector_serialLeftOut() {
        assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:CICompilerCount=2"),
                WorkerFlags.defaults(2, 2, List.of("-Xmx1g", "-XX:+UseG1GC")));
        assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:CICompilerCount=2"),
                WorkerFlags.defaults(2, 2, List.of("-XX:+UseParallelGC")));
    }
}
