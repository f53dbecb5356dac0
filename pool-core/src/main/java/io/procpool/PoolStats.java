package io.procpool;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of a pool's counters, from {@link WorkerPool#stats()}. Counters start at 0 when the
 * pool opens and only grow.
 *
 * @param tasksCompleted elements that finished successfully
 * @param tasksFailed elements that failed for good (task threw, serialization, crash, timeout)
 * @param tasksRetried times an element was re-queued because its worker died while holding it
 * @param tasksTimedOut elements that failed with {@link TaskTimeoutException} (also in {@code tasksFailed})
 * @param workersStarted worker processes started, replacements included
 * @param workersCrashed workers that died unexpectedly or were killed for a timeout
 * @param workersRecycled workers retired after {@code maxTasksPerWorker} elements
 * @param workers the live workers, in start order
 * @param starts workers that got ready, by why they were started (every reason present)
 * @param exits workers that ended, by why (every reason present); {@code RECYCLED} equals
 *     {@code workersRecycled}
 * @param times where the time of every worker the pool has started went, live ones and those
 *        already gone (recycled, crashed, retired) alike
 * @param taskTimes per task class, the distribution of its elements' run times, in the order the
 *        classes first ran (at most 256 classes are kept apart; later ones are counted together
 *        as {@code "(other task classes)"})
 */
public record PoolStats(long tasksCompleted, long tasksFailed, long tasksRetried, long tasksTimedOut,
        long workersStarted, long workersCrashed, long workersRecycled, List<Worker> workers,
        Map<PoolListener.WorkerStart, Long> starts, Map<PoolListener.WorkerExit, Long> exits, Times times,
        List<TaskTimes> taskTimes) {
    /** Defensive copies. */
    public PoolStats {
        workers = List.copyOf(workers);
        starts = Map.copyOf(starts);
        exits = Map.copyOf(exits);
        taskTimes = List.copyOf(taskTimes);
    }

    /**
     * One live worker.
     *
     * @param id the pool's number for the worker (as in thread names and logs: w3)
     * @param pid its process id
     * @param tasksCompleted elements it has answered (successes and task failures)
     * @param tasksInFlight elements sent to it and not yet answered
     * @param times where its time went so far
     */
    public record Worker(int id, long pid, long tasksCompleted, int tasksInFlight, Times times) {}

    /**
     * Where workers' time went (for one worker, or summed over workers). Starting, idle and running
     * are disjoint stretches of a worker's life, but need not add up to its age: time elements
     * spend in the pipes is in none of them. Serializing is the coordinator's work for the worker,
     * done on other threads at the same time as the worker's. Kept per frame, not per element.
     *
     * @param starting from when the process was started until it was ready for work (JVM start,
     *        handshake, configuration)
     * @param idle ready, with no element sent to it and unanswered (nothing to run)
     * @param running running elements, as the worker measured each: decoding the parameter, the
     *        task's {@code run}, encoding the result
     * @param serializing in the coordinator, for this worker: encoding its parameters (its writer
     *        thread) and decoding its results (its reader thread)
     */
    public record Times(Duration starting, Duration idle, Duration running, Duration serializing) {}

    /**
     * The run times of one task class's elements, as the workers measured them (decoding the
     * parameter, the task's {@code run}, encoding the result), over the pool's life. Percentiles
     * come from a histogram with buckets 1/64 of their values wide, so they are within about 1% of
     * a run time that occurred; {@code total} is exact.
     *
     * @param taskClass the task class name
     * @param count elements that ran (successes and task failures; not skipped ones)
     * @param total their run times added up
     * @param p50 median run time
     * @param p90 90th percentile
     * @param p99 99th percentile
     * @param max longest run time
     */
    public record TaskTimes(String taskClass, long count, Duration total, Duration p50, Duration p90, Duration p99,
            Duration max) {
        /** Mean run time; zero when nothing ran. */
        public Duration mean() {
            return count == 0 ? Duration.ZERO : total.dividedBy(count);
        }
    }

    /**
     * A readable table of where the time went: run-time percentiles per task class, then the
     * times of each live worker and of all workers together. For logs and the console; the format
     * may change between versions (read the components for figures).
     *
     * @return several lines of text, ending with a line break
     */
    public String insights() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-40s %10s %9s %9s %9s %9s %9s %9s%n", "task class", "elements", "p50",
                "p90", "p99", "max", "mean", "total"));
        for (TaskTimes t : taskTimes) {
            sb.append(String.format(Locale.ROOT, "%-40s %,10d %9s %9s %9s %9s %9s %9s%n", shortName(t.taskClass()),
                    t.count(), human(t.p50()), human(t.p90()), human(t.p99()), human(t.max()), human(t.mean()),
                    human(t.total())));
        }
        sb.append(String.format(Locale.ROOT, "%-40s %10s %9s %9s %9s %11s%n", "worker", "elements", "starting",
                "idle", "running", "serializing"));
        for (Worker w : workers) {
            appendTimes(sb, "w" + w.id() + " (pid " + w.pid() + ")", String.format(Locale.ROOT, "%,d", w.tasksCompleted()),
                    w.times());
        }
        appendTimes(sb, "all " + workersStarted + " started (gone ones too)", "", times);
        return sb.toString();
    }

    private static void appendTimes(StringBuilder sb, String name, String elements, Times t) {
        sb.append(String.format(Locale.ROOT, "%-40s %10s %9s %9s %9s %11s%n", name, elements, human(t.starting()),
                human(t.idle()), human(t.running()), human(t.serializing())));
    }

    private static String shortName(String className) {
        return className.length() <= 40 ? className : "..." + className.substring(className.length() - 37);
    }

    /** 850 ns, 12.3 us, 4.56 ms, 1.23 s, 95.0 s, 1234 s. */
    static String human(Duration d) {
        long ns = d.toNanos();
        if (ns < 1_000) {
            return ns + " ns";
        } else if (ns < 1_000_000) {
            return threeDigits(ns / 1e3) + " us";
        } else if (ns < 1_000_000_000) {
            return threeDigits(ns / 1e6) + " ms";
        }
        return threeDigits(ns / 1e9) + " s";
    }

    private static String threeDigits(double v) {
        return String.format(Locale.ROOT, v < 9.995 ? "%.2f" : v < 99.95 ? "%.1f" : "%.0f", v);
    }
}
