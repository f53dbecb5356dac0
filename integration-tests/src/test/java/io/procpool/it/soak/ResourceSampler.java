package io.procpool.it.soak;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Samples this JVM's threads, open file descriptors, heap after GC and child processes. */
final class ResourceSampler {
    /** One reading. */
    record Sample(long nanos, int threads, int fds, long heapAfterGc, long children) {}

    private final List<Sample> samples = new ArrayList<>();

    void sample() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String[] fds = new File("/proc/self/fd").list();
        samples.add(new Sample(System.nanoTime(), ManagementFactory.getThreadMXBean().getThreadCount(),
                fds == null ? -1 : fds.length, heap,
                ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count()));
    }

    List<Sample> samples() {
        return samples;
    }

    /** Median of one measure over the first or the last third of the samples. */
    static double medianOfThird(List<Sample> all, boolean last, java.util.function.ToDoubleFunction<Sample> f) {
        int third = Math.max(1, all.size() / 3);
        List<Sample> part = last ? all.subList(all.size() - third, all.size()) : all.subList(0, third);
        double[] v = part.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
