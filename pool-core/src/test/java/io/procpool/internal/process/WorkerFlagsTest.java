package io.procpool.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Worker JVM flags: the worker's share of the cores, and no collector chosen twice. */
public class WorkerFlagsTest {
    @Test
    void defaults_shareOfCores_atLeastOne() {
        assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-Xms16m"),
                WorkerFlags.defaults(2, 2, List.of()));
        assertEquals("-XX:ActiveProcessorCount=4", WorkerFlags.defaults(16, 4, List.of()).get(0));
        assertEquals("-XX:ActiveProcessorCount=1", WorkerFlags.defaults(2, 8, List.of()).get(0));
    }

    @Test
    void defaults_userPicksCollector_serialLeftOut() {
        assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:CICompilerCount=2"),
                WorkerFlags.defaults(2, 2, List.of("-Xmx1g", "-XX:+UseG1GC")));
        assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:CICompilerCount=2", "-Xms16m"),
                WorkerFlags.defaults(2, 2, List.of("-XX:+UseParallelGC")));
    }

    @Test
    void defaults_userSizesHeap_initialHeapLeftOut() {
        for (String arg : List.of("-Xmx8m", "-Xms1g", "-Xmn4m", "-XX:MaxHeapSize=8m", "-XX:InitialHeapSize=64m",
                "-XX:MaxRAMPercentage=10", "-XX:NewSize=2m")) {
            assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=2"),
                    WorkerFlags.defaults(2, 2, List.of("-ea", arg)), arg);
        }
    }

    @Test
    void withEnvironmentOptions_launcherVariablesCount() {
        List<String> all = WorkerFlags.withEnvironmentOptions(List.of("-ea"),
                java.util.Map.of("JDK_JAVA_OPTIONS", " -Xmx8m  -Dx=1 ", "JAVA_TOOL_OPTIONS", "", "PATH", "/bin"));
        assertEquals(List.of("-ea", "-Xmx8m", "-Dx=1"), all);
        assertEquals(List.of("-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=2"),
                WorkerFlags.defaults(2, 2, all));
    }
}
