package io.procpool.internal.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Whom to blame when a worker is lost, and what runs again. A worker runs its batches in order and
 * answers in order, so the element that was running is the next unanswered one of the oldest
 * batch. If that batch had one element left, or attribution is exact (results flushed one by
 * one), that element is the culprit: its crash count goes up and it runs again alone until it
 * exceeds {@code maxRetries} (then it fails for good); after a task timeout it fails at once,
 * unless the slow element answered before the kill landed (then the next one barely started and
 * simply runs again). Otherwise all remaining elements of the oldest batch become suspects and
 * travel alone until each has run. Elements of later batches had not started: re-queued as they
 * were. Pure; coordinator lock.
 */
public final class Attribution {
    private Attribution() {}

    /** What to do after a loss; {@code failed} is null when nothing fails for good. */
    record Plan(List<TaskUnit> requeue, List<TaskUnit> retried, TaskUnit failed, boolean timedOut) {
        static final Plan NOTHING = new Plan(List.of(), List.of(), null, false);
    }

    /**
     * Empties the slot's in-flight batches and returns the plan: {@code requeue} in queue order
     * (for the front of the pending queue; cancelled elements left out), {@code retried} those of
     * them that may already have run once.
     */
    static Plan onLoss(WorkerSlot slot, boolean exactAttribution, int maxRetries) {
        if (slot.inflight.isEmpty()) {
            return Plan.NOTHING;
        }
        boolean timedOut = slot.phase() == WorkerSlot.Phase.TIMED_OUT;
        List<TaskUnit> back = new ArrayList<>();
        Batch oldest = slot.inflight.pollFirst();
        boolean exact = oldest.remaining() == 1 || exactAttribution;
        TaskUnit failed = null;
        TaskUnit head = oldest.units[oldest.done];
        int mayHaveRun;
        if (exact) {
            mayHaveRun = 0;
            if (timedOut && head.id != slot.timeoutUnitId) {
                // The slow element answered just before the kill: the head had barely started and the kill was ours.
                back.add(head);
                mayHaveRun = 1;
            } else if (timedOut) {
                failed = head;
            } else if (++head.crashes > maxRetries) {
                failed = head;
            } else {
                head.suspect = true;
                back.add(head);
                mayHaveRun = 1;
            }
            for (int i = oldest.done + 1; i < oldest.units.length; i++) {
                back.add(oldest.units[i]);
            }
        } else {
            for (int i = oldest.done; i < oldest.units.length; i++) {
                oldest.units[i].suspect = true;
                back.add(oldest.units[i]);
            }
            mayHaveRun = back.size();
        }
        for (Batch b : slot.inflight) {
            for (int i = b.done; i < b.units.length; i++) {
                back.add(b.units[i]);
            }
        }
        slot.inflight.clear();
        List<TaskUnit> requeue = new ArrayList<>(back.size());
        List<TaskUnit> retried = new ArrayList<>();
        for (int i = 0; i < back.size(); i++) {
            TaskUnit u = back.get(i);
            if (u.job.isCancelled()) {
                continue;
            }
            requeue.add(u);
            if (i < mayHaveRun) {
                retried.add(u);
            }
        }
        return new Plan(requeue, retried, failed, timedOut);
    }

    /**
     * The timeout decision: true (and the slot moved to TIMED_OUT, noting the running element)
     * when the element at the head of the oldest batch has run longer than {@code limitNanos},
     * counted from when its batch was written to the pipe or from the previous result.
     */
    static boolean timedOut(WorkerSlot slot, long nowNanos, long limitNanos) {
        WorkerSlot.Phase p = slot.phase();
        Batch b = slot.inflight.peekFirst();
        if (b == null || (p != WorkerSlot.Phase.READY && p != WorkerSlot.Phase.RETIRING
                && p != WorkerSlot.Phase.RETIRED)) {
            return false;
        }
        long written = b.writtenNanos;
        if (written == 0) {
            return false; // still being serialized: the clock starts when it is on the pipe
        }
        long since = Math.max(written, slot.lastResultNanos);
        if (nowNanos - since <= limitNanos) {
            return false;
        }
        slot.moveTo(WorkerSlot.Phase.TIMED_OUT);
        slot.timeoutElapsedNanos = nowNanos - since;
        slot.timeoutUnitId = b.units[b.done].id;
        return true;
    }
}
