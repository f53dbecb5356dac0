package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.Task;
import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code maxTasksPerWorker}: workers retire gracefully after n elements, closing their tasks. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(90)
class RecyclingTest {
    /** Returns twice its input, stamped with the worker's pid. */
    public static final class StampTwice implements Task<Integer, Stamp> {
        @Override
        public Stamp run(Integer i) {
            return Stamp.of(i * 2);
        }
    }

    /** Remembers the directory it was given; on close writes {@code closed-<pid>} there. */
    public static final class ClosesWithMarker implements Task<String, Long>, AutoCloseable {
        private Path dir;

        @Override
        public Long run(String dir) {
            this.dir = Path.of(dir);
            return ProcessHandle.current().pid();
        }

        @Override
        public void close() throws IOException {
            if (dir != null) {
                Files.writeString(dir.resolve("closed-" + ProcessHandle.current().pid()), "closed");
            }
        }
    }

    @Test
    void map_maxTasksPerWorker50Over1000Elements_resultsInOrderFromAtLeast20Workers() {
        try (WorkerPool pool = WorkerPool.builder().workers(2).maxTasksPerWorker(50).open()) {
            List<Stamp> out = pool.map(StampTwice.class, IntStream.range(0, 1000).boxed()).collect(Collectors.toList());

            assertEquals(IntStream.range(0, 1000).map(i -> 2 * i).boxed().collect(Collectors.toList()),
                    out.stream().map(Stamp::value).collect(Collectors.toList()));
            Set<Long> pids = out.stream().map(Stamp::pid).collect(Collectors.toSet());
            assertTrue(pids.size() >= 20, "1000 elements at most 50 per worker need 20 workers, saw " + pids.size());
            for (long pid : pids) {
                long n = out.stream().filter(s -> s.pid() == pid).count();
                assertTrue(n <= 50, "worker " + pid + " ran " + n + " elements");
            }
        }
    }

    @Test
    void map_workerRetiredByMaxTasksPerWorker_closesItsTask(@TempDir Path tmp) throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).maxTasksPerWorker(5).open()) {
            List<Long> pids = pool.map(ClosesWithMarker.class, IntStream.range(0, 20).mapToObj(i -> tmp.toString()))
                    .collect(Collectors.toList());

            Set<Long> retired = new HashSet<>(pids);
            assertEquals(4, retired.size(), "20 elements, 5 per worker: " + pids);
            for (long pid : retired) {
                // A retired worker exits by itself after close(); its pid is a child of this JVM until reaped.
                CompletableFuture<ProcessHandle> exit = ProcessHandle.of(pid).map(ProcessHandle::onExit)
                        .orElse(CompletableFuture.completedFuture(null));
                exit.get(30, TimeUnit.SECONDS);
                assertTrue(Files.exists(tmp.resolve("closed-" + pid)), "close() ran in retired worker " + pid);
            }
        }
    }
}
