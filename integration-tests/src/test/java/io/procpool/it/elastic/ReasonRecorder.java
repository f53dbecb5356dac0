package io.procpool.it.elastic;

import io.procpool.PoolListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records worker starts and exits with their reasons, in order. */
final class ReasonRecorder implements PoolListener {
    private final List<WorkerStart> starts = new ArrayList<>();
    private final List<WorkerExit> exits = new ArrayList<>();

    @Override
    public synchronized void workerStarted(int workerId, long pid, Duration spawnToReady, WorkerStart reason) {
        starts.add(reason);
    }

    @Override
    public synchronized void workerExited(int workerId, long pid, int exitCode, WorkerExit reason) {
        exits.add(reason);
    }

    synchronized List<WorkerStart> starts() {
        return List.copyOf(starts);
    }

    synchronized List<WorkerExit> exits() {
        return List.copyOf(exits);
    }

    synchronized long exits(WorkerExit reason) {
        return exits.stream().filter(r -> r == reason).count();
    }
}
