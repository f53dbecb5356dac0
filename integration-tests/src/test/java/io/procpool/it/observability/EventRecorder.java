package io.procpool.it.observability;

import io.procpool.PoolException;
import io.procpool.PoolListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link PoolListener} that keeps every call, and lets a test wait (bounded, woken by each
 * event) until what it recorded satisfies a condition.
 */
final class EventRecorder implements PoolListener {
    record Started(int id, long pid) {}

    record Exited(int id, long pid, int exitCode, WorkerExit reason) {}

    record Failed(String taskClass, PoolException error) {}

    record Retried(String taskClass, long index, long pid) {}

    private final List<Started> started = new ArrayList<>();
    private final List<Exited> exited = new ArrayList<>();
    private final List<Failed> failed = new ArrayList<>();
    private final List<Retried> retried = new ArrayList<>();
    private final Map<Long, Long> sentPerPid = new HashMap<>();
    private final Set<String> threads = new LinkedHashSet<>();
    private long completed;
    private long calls;

    private synchronized void record() {
        threads.add(Thread.currentThread().getName());
        calls++;
        notifyAll();
    }

    @Override
    public synchronized void tasksStarted(String taskClass, int count, long pid) {
        sentPerPid.merge(pid, (long) count, Long::sum);
        record();
    }

    @Override
    public synchronized void tasksCompleted(String taskClass, int count, long pid) {
        completed += count;
        record();
    }

    @Override
    public synchronized void taskFailed(String taskClass, PoolException error) {
        failed.add(new Failed(taskClass, error));
        record();
    }

    @Override
    public synchronized void taskRetried(String taskClass, long index, long pid) {
        retried.add(new Retried(taskClass, index, pid));
        record();
    }

    @Override
    public synchronized void workerStarted(int workerId, long pid, Duration spawnToReady) {
        started.add(new Started(workerId, pid));
        record();
    }

    @Override
    public synchronized void workerExited(int workerId, long pid, int exitCode, WorkerExit reason) {
        exited.add(new Exited(workerId, pid, exitCode, reason));
        record();
    }

    /** Waits until {@code condition} holds for this recorder; fails after {@code timeout}. */
    synchronized void await(String what, Duration timeout, Predicate<EventRecorder> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("listener events never showed " + what + " within " + timeout + "; have "
                        + this);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized List<Started> started() {
        return List.copyOf(started);
    }

    synchronized List<Exited> exited() {
        return List.copyOf(exited);
    }

    synchronized List<Failed> failed() {
        return List.copyOf(failed);
    }

    synchronized List<Retried> retried() {
        return List.copyOf(retried);
    }

    /** Sum of the {@code tasksCompleted} counts. */
    synchronized long completed() {
        return completed;
    }

    /** Elements sent to each worker pid (sum of {@code tasksStarted} counts). */
    synchronized Map<Long, Long> sentPerPid() {
        return Map.copyOf(sentPerPid);
    }

    /** Names of the threads that made the calls. */
    synchronized Set<String> threads() {
        return Set.copyOf(threads);
    }

    synchronized long calls() {
        return calls;
    }

    synchronized long exitedWith(WorkerExit reason) {
        return exited.stream().filter(e -> e.reason() == reason).count();
    }

    /** Pids of workers that started and have not exited, per the events. */
    synchronized Set<Long> livePids() {
        Set<Long> live = new LinkedHashSet<>();
        started.forEach(s -> live.add(s.pid()));
        exited.forEach(e -> live.remove(e.pid()));
        return live;
    }

    /** Whether every worker that started has exited. */
    synchronized boolean allExited() {
        return !started.isEmpty() && livePids().isEmpty() && exited.size() >= started.size();
    }

    @Override
    public synchronized String toString() {
        return "started=" + started + ", exited=" + exited + ", completed=" + completed + ", failed=" + failed.size()
                + ", retried=" + retried.size() + ", sentPerPid=" + sentPerPid;
    }
}
