package io.procpool.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to a dead worker's in-flight units (see the attribution rule in {@link Coordinator}).
 * Runs under the coordinator lock; failures are returned as deliveries to run after unlocking.
 */
final class Losses {
    private Losses() {}

    static void reassign(Coordinator c, WorkerProcess w, int exit, String why, ArrayDeque<TaskUnit> pending,
            List<Runnable> deliveries) {
        if (w.inflight.isEmpty()) {
            return;
        }
        List<TaskUnit> back = new ArrayList<>(w.inflightItems);
        Batch oldest = w.inflight.pollFirst();
        boolean exact = oldest.remaining() == 1 || c.config.exactAttribution();
        for (int i = oldest.done; i < oldest.units.length; i++) {
            TaskUnit u = oldest.units[i];
            if (i == oldest.done && exact) {
                culprit(c, w, exit, why, u, back, deliveries);
            } else {
                u.suspect |= !exact;
                back.add(u);
            }
        }
        // Only the oldest batch can have started, and when attribution is exact only its
        // culprit did: those elements run again ("retried"); the rest are re-queued as if
        // never sent.
        int mayHaveRun;
        if (exact) {
            boolean culpritRequeued = !back.isEmpty() && back.get(0) == oldest.units[oldest.done];
            mayHaveRun = culpritRequeued ? 1 : 0;
        } else {
            mayHaveRun = back.size();
        }
        for (Batch b : w.inflight) {
            for (int i = b.done; i < b.units.length; i++) {
                back.add(b.units[i]);
            }
        }
        w.inflight.clear();
        w.inflightItems = 0;
        for (int i = back.size() - 1; i >= 0; i--) {
            TaskUnit u = back.get(i);
            if (u.job.isCancelled()) {
                continue;
            }
            pending.addFirst(u);
            if (i < mayHaveRun) {
                c.stats.retried.incrementAndGet();
                long pid = w.pid;
                c.events.emit(l -> l.taskRetried(u.className, u.index, pid));
            }
        }
    }

    private static void culprit(Coordinator c, WorkerProcess w, int exit, String why, TaskUnit u, List<TaskUnit> back,
            List<Runnable> deliveries) {
        if (w.timedOut && u.id != w.timeoutUnitId) {
            // The element that ran too long answered just before the kill: the one now at the
            // head had barely started. It did not time out, and the kill was ours: run it again.
            back.add(u);
            return;
        }
        if (w.timedOut) {
            var ex = c.timeoutFor(u, w);
            c.failedForGood(u, ex);
            deliveries.add(() -> u.job.failed(u, ex));
            return;
        }
        u.crashes++;
        if (u.crashes > c.maxRetries()) {
            var ex = c.crashFor(u, w, exit, why);
            c.failedForGood(u, ex);
            deliveries.add(() -> u.job.failed(u, ex));
        } else {
            u.suspect = true;
            back.add(u);
        }
    }
}
