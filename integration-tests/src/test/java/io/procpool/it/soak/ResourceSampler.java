package io.procpool.it.soak;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
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

    /**
     * The lowest value of one measure over the first or the last third of the samples. A leak
     * raises the floor that a measure keeps coming back to; threads, descriptors and processes of
     * workers being replaced at the moment of a sample (crashes, recycling) only raise single
     * samples, which is why a median or a maximum would make a flaky check.
     */
    static double floorOfThird(List<Sample> all, boolean last, java.util.function.ToDoubleFunction<Sample> f) {
        int third = Math.max(1, all.size() / 3);
        List<Sample> part = last ? all.subList(all.size() - third, all.size()) : all.subList(0, third);
        double min = Double.MAX_VALUE;
        for (Sample x : part) {
            min = Math.min(min, f.applyAsDouble(x));
        }
        return min;
    }
}
