package io.procpool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.procpool.WorkerPool;
import io.procpool.it.NoLeftoverWorkers;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks for test classes that share one pool across their tests. {@link NoLeftoverWorkers} cannot
 * run after each of their tests (the shared workers are alive on purpose), so after each test they
 * check that the only child processes are the pool's original workers (none died, none leaked),
 * and after the last test that closing the pool leaves no child process.
 */
public final class SharedPools {
    private SharedPools() {}

    /** The workers are still the ones the pool started with, and they are the only children. */
    public static void assertOnlyOriginalWorkers(WorkerPool pool, List<Long> originalPids) {
        Set<Long> children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(originalPids), new TreeSet<>(pool.workerPids()),
                "workers were replaced during the test (one died?)");
        assertEquals(new TreeSet<>(originalPids), children, "child processes besides the pool's workers");
    }

    /** Closes the pool (if it was opened) and fails if any child process survives it. */
    public static void closeAndAssertNoDescendants(WorkerPool pool) throws InterruptedException {
        if (pool != null) {
            pool.close();
        }
        List<ProcessHandle> left = NoLeftoverWorkers.awaitNoDescendants(5_000);
        left.forEach(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.toList()), "child processes left after the shared pool was closed");
    }
}
