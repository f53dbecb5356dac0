package io.procpool.internal;

import io.procpool.PoolStats;
import io.procpool.protocol.ResultPayload;
import io.procpool.protocol.RunTimeHistogram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per task class, the run times of its elements as the workers measured them: a
 * {@link RunTimeHistogram} fed from each RESULT frame (one map lookup and one short lock per
 * frame, never per element) and the exact total. At most {@link #MAX_CLASSES} classes are kept
 * apart; later ones are counted under {@link #OTHER}.
 *
 * <p>Thread-safe: reader threads record, {@code stats()} reads.
 */
final class TaskClassTimes {
    static final int MAX_CLASSES = 256;
    static final String OTHER = "(other task classes)";

    private static final class Runs {
        final String taskClass;
        final RunTimeHistogram histogram = new RunTimeHistogram();
        long totalNanos;

        Runs(String taskClass) {
            this.taskClass = taskClass;
        }
    }

    private final Map<String, Runs> byClass = new ConcurrentHashMap<>();
    /** Classes in the order they first ran; guarded by itself. */
    private final List<Runs> order = new ArrayList<>();

    /** Adds the run times a RESULT frame of {@code taskClass} carried. Reader thread. */
    void record(String taskClass, ResultPayload res) {
        Runs runs = byClass.get(taskClass);
        if (runs == null) {
            runs = create(taskClass);
        }
        synchronized (runs) {
            runs.histogram.add(res);
            runs.totalNanos += res.runNanos();
        }
    }

    private Runs create(String taskClass) {
        synchronized (order) {
            Runs runs = byClass.get(taskClass);
            if (runs == null) {
                String key = order.size() < MAX_CLASSES - 1 || taskClass.equals(OTHER) ? taskClass : OTHER;
                runs = byClass.get(key);
                if (runs == null) {
                    runs = new Runs(key);
                    order.add(runs);
                    byClass.put(key, runs);
                }
                byClass.put(taskClass, runs); // names are small; histograms are what the cap bounds
            }
            return runs;
        }
    }

    /** Percentiles per class, in the order the classes first ran. */
    List<PoolStats.TaskTimes> snapshot() {
        List<Runs> all;
        synchronized (order) {
            all = new ArrayList<>(order);
        }
        List<PoolStats.TaskTimes> out = new ArrayList<>(all.size());
        for (Runs r : all) {
            synchronized (r) {
                RunTimeHistogram h = r.histogram;
                out.add(new PoolStats.TaskTimes(r.taskClass, h.count(), Duration.ofNanos(r.totalNanos),
                        Duration.ofNanos(h.valueAt(0.5)), Duration.ofNanos(h.valueAt(0.9)),
                        Duration.ofNanos(h.valueAt(0.99)), Duration.ofNanos(h.max())));
            }
        }
        return out;
    }
}
