package io.procpool.benchmarks;

import io.procpool.PoolListener;
import io.procpool.WorkerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Resident memory and threads of idle workers, read from {@code /proc/<pid>/status} (Linux only). */
final class Footprint {
    /** One idle worker: kB resident, threads. */
    record Sample(long rssKb, int threads) {}

    private Footprint() {}

    /**
     * Opens a pool of {@code workers} with defaults, runs one task on each, waits {@code idle}, and
     * reads each worker's VmRSS and Threads.
     */
    static List<Sample> idleWorkers(int workers, Duration idle) throws IOException, InterruptedException {
        List<Long> pids = Collections.synchronizedList(new ArrayList<>());
        List<Sample> out = new ArrayList<>();
        try (WorkerPool pool = WorkerPool.builder().workers(workers).listener(new PoolListener() {
            @Override
            public void workerStarted(int workerId, long pid, Duration spawnToReady) {
                pids.add(pid);
            }
        }).open()) {
            List<Integer> in = new ArrayList<>();
            for (int i = 0; i < 4 * workers; i++) {
                in.add(i);
            }
            try (var results = pool.map(Echo.class, in)) {
                results.forEach(r -> {});
            }
            Thread.sleep(idle.toMillis());
            for (long pid : new ArrayList<>(pids)) {
                out.add(read(pid));
            }
        }
        return out;
    }

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    private static Sample read(long pid) throws IOException {
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] f = line.split("\\s+");
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(f[1]);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(f[1]);
            }
        }
        return new Sample(rss, threads);
    }
}
