package io.procpool.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM flags sized for a worker, which shares the machine with its coordinator and its siblings:
 * a JVM that believes it has every core to itself starts GC and compiler threads for all of them,
 * and on a small machine those threads compete with the coordinator that feeds it.
 *
 * <ul>
 *   <li>{@code -XX:ActiveProcessorCount=max(1, cores / workers)}: the worker's share of the
 *       machine (Apache Tika's forked parsers do the same); it sizes GC, compiler and common-pool
 *       threads, and what a task sees in {@code Runtime.availableProcessors()};</li>
 *   <li>{@code -XX:+UseSerialGC}: no concurrent GC threads and no G1 remembered sets, fewer
 *       threads and megabytes per idle worker; left out when the user picks a collector;</li>
 *   <li>{@code -XX:CICompilerCount=2}: one C1 and one C2 thread, however many cores.</li>
 * </ul>
 * The user's {@code jvmArgs} come after these on the command line and win (a task that wants more
 * threads asks for them there). Measured in benchmarks/README.md ("Why the first run is slow").
 */
final class WorkerFlags {
    private WorkerFlags() {}

    /** Flags for one of {@code workers} workers on a machine with {@code cores} cores. */
    static List<String> defaults(int cores, int workers, List<String> userArgs) {
        List<String> flags = new ArrayList<>(3);
        flags.add("-XX:ActiveProcessorCount=" + Math.max(1, cores / Math.max(1, workers)));
        if (!choosesCollector(userArgs)) {
            flags.add("-XX:+UseSerialGC");
        }
        flags.add("-XX:CICompilerCount=2"); // valid with or without tiered compilation, and with -Xint
        return flags;
    }

    /** Whether the user selects a garbage collector (two selections make the JVM refuse to start). */
    static boolean choosesCollector(List<String> userArgs) {
        for (String a : userArgs) {
            if ((a.startsWith("-XX:+Use") || a.startsWith("-XX:-Use")) && a.endsWith("GC")) { // no regex on the start path
                return true;
            }
        }
        return false;
    }
}
