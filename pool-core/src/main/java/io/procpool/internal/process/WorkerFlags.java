package io.procpool.internal.process;

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
 *   <li>{@code -XX:CICompilerCount=2}: one C1 and one C2 thread, however many cores;</li>
 *   <li>{@code -Xms16m}: a small initial heap, so the young generation is a few megabytes that
 *       stay in use instead of a quarter of a gigabyte touched page by page for the first time
 *       (every first touch is a page fault, which a virtual machine makes expensive: a worker's
 *       first two {@code map}s of 200,000 tiny elements took 26,000 and 19,000 faults); the heap
 *       still grows to the JVM's default maximum when a task needs it. Left out when the user or
 *       {@code JDK_JAVA_OPTIONS}/{@code JAVA_TOOL_OPTIONS} size the heap, so it can never
 *       conflict with their {@code -Xmx}.</li>
 * </ul>
 * The user's {@code jvmArgs} come after these on the command line and win (a task that wants more
 * threads asks for them there). Measured in benchmarks/README.md ("Why the first run is slow").
 */
public final class WorkerFlags {
    private WorkerFlags() {}

    /** Flags for one of {@code workers} workers on a machine with {@code cores} cores. */
    static List<String> defaults(int cores, int workers, List<String> userArgs) {
        List<String> flags = new ArrayList<>(3);
        flags.add("-XX:ActiveProcessorCount=" + Math.max(1, cores / Math.max(1, workers)));
        if (!choosesCollector(userArgs)) {
            flags.add("-XX:+UseSerialGC");
        }
        flags.add("-XX:CICompilerCount=2"); // valid with or without tiered compilation, and with -Xint
        if (!sizesHeap(userArgs)) {
            flags.add(INITIAL_HEAP);
        }
        return flags;
    }

    /** The worker's initial heap when nothing else sizes it. */
    static final String INITIAL_HEAP = "-Xms16m";

    /** Whether any of {@code args} sets a heap or generation size, directly or as a share of memory. */
    static boolean sizesHeap(List<String> args) {
        for (String a : args) {
            if (a.startsWith("-Xms") || a.startsWith("-Xmx") || a.startsWith("-Xmn")
                    || a.startsWith("-XX:") && (a.contains("HeapSize") || a.contains("NewSize") || a.contains("RAM"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code userArgs} followed by the options a {@code java} launcher also reads from the
     * worker's environment ({@code JDK_JAVA_OPTIONS}, {@code JAVA_TOOL_OPTIONS}), split at
     * whitespace, so the defaults can defer to them too.
     *
     * @param environment the worker's environment
     */
    static List<String> withEnvironmentOptions(List<String> userArgs, java.util.Map<String, String> environment) {
        List<String> all = new ArrayList<>(userArgs);
        for (String name : new String[] {"JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS"}) {
            String value = environment.get(name);
            if (value != null) {
                for (java.util.StringTokenizer t = new java.util.StringTokenizer(value); t.hasMoreTokens();) {
                    all.add(t.nextToken()); // no regex on the start path
                }
            }
        }
        return all;
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
