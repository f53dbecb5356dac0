package io.procpool.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.procpool.WorkerPool;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The coordinator side of the memory benchmark, meant to run in its own small-heap JVM:
 * {@code java -Xmx64m -cp <classpath> io.procpool.benchmarks.MemoryRun <tasks> <spinNanos>}.
 *
 * <p>Streams {@code tasks} seed parameters, generated lazily, through {@code map} on two workers
 * while the consumer busy-spins {@code spinNanos} per result, so it is slower than the workers. The
 * input iterator counts pulls and, at each pull, records {@code pulled - consumed}. Prints
 * {@code key=value} lines on stdout.
 */
public final class MemoryRun {
    private MemoryRun() {}

    public static void main(String[] args) throws Exception {
        long tasks = Long.parseLong(args[0]);
        long spinNanos = Long.parseLong(args[1]);
        HeapWatch heap = HeapWatch.start();
        CountingInput input = new CountingInput(tasks);
        long total = 0;
        long waitNanos = 0;
        long t0 = System.nanoTime();
        long loopStart;
        long loopEnd;
        long cpu0;
        long cpu1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (WorkerPool pool = WorkerPool.open(2);
                Stream<Map<String, Integer>> results = pool.map(SeedSum.class, () -> input)) {
            Iterator<Map<String, Integer>> it = results.iterator();
            loopStart = System.nanoTime();
            cpu0 = threads.getCurrentThreadCpuTime();
            while (true) {
                long w0 = System.nanoTime();
                if (!it.hasNext()) {
                    break;
                }
                Map<String, Integer> r = it.next();
                input.consumed.incrementAndGet();
                long w1 = System.nanoTime();
                waitNanos += w1 - w0;
                total += r.get("sum");
                while (System.nanoTime() - w1 < spinNanos) {
                    Thread.onSpinWait();
                }
            }
            loopEnd = System.nanoTime();
            cpu1 = threads.getCurrentThreadCpuTime();
        }
        long elapsed = System.nanoTime() - t0;
        heap.stop();
        long expected = tasks * (tasks - 1) / 2 + 15 * tasks;
        System.out.println("completed=" + input.consumed.get());
        System.out.println("pulled=" + input.pulled.get());
        System.out.println("sumOk=" + (total == expected));
        System.out.println("seconds=" + elapsed / 1e9);
        System.out.println("loopSeconds=" + (loopEnd - loopStart) / 1e9);
        System.out.println("consumerWaitFraction=" + (double) waitNanos / (loopEnd - loopStart));
        System.out.println("consumerCpuFraction=" + (double) (cpu1 - cpu0) / (loopEnd - loopStart));
        System.out.println("maxGap=" + input.maxGap);
        System.out.println("heapMax=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
        System.out.println("heapUsedPeakSampled=" + heap.peakSampled());
        System.out.println("heapUsedPeakAfterGc=" + heap.peakAfterGc.get());
        System.out.println("gcCount=" + heap.gcCount.get());
    }

    /** Lazily generated seed parameters that count pulls and track the largest pulled-minus-consumed gap. */
    private static final class CountingInput implements Iterator<Map<String, Integer>> {
        private final long tasks;
        final AtomicLong pulled = new AtomicLong();
        final AtomicLong consumed = new AtomicLong();
        volatile long maxGap;

        CountingInput(long tasks) {
            this.tasks = tasks;
        }

        @Override
        public boolean hasNext() {
            return pulled.get() < tasks;
        }

        @Override
        public Map<String, Integer> next() {
            long i = pulled.get();
            if (i >= tasks) {
                throw new NoSuchElementException();
            }
            long p = pulled.incrementAndGet();
            long gap = p - consumed.get();
            if (gap > maxGap) {
                maxGap = gap;
            }
            return Map.of("param1", (int) i, "param2", 15);
        }
    }

    /** Heap use: sampled every 10 ms, and the used heap right after each collection. */
    private static final class HeapWatch {
        final AtomicLong peakAfterGc = new AtomicLong();
        final AtomicLong gcCount = new AtomicLong();
        private final AtomicLong peakSampled = new AtomicLong();
        private final Set<String> heapPools = new HashSet<>();
        private final Thread sampler;
        private volatile boolean stopped;

        private HeapWatch() {
            sampler = new Thread(this::sample, "heap-sampler");
            sampler.setDaemon(true);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
        }

        static HeapWatch start() {
            HeapWatch w = new HeapWatch();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, handback) -> {
                        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                            w.afterGc(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()));
                        }
                    }, null, null);
                }
            }
            w.sampler.start();
            return w;
        }

        private void afterGc(GarbageCollectionNotificationInfo info) {
            gcCount.incrementAndGet();
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            peakAfterGc.accumulateAndGet(used, Math::max);
        }

        private void sample() {
            while (!stopped) {
                peakSampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        long peakSampled() {
            return peakSampled.get();
        }

        void stop() throws InterruptedException {
            stopped = true;
            sampler.join();
        }
    }
}
