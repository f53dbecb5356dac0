package io.procpool.internal.schedule;

import io.procpool.protocol.ProtocolException;
import java.util.Iterator;

/**
 * Matches the ids of a RESULT frame to a worker's in-flight elements. A worker runs its batches in
 * order and answers in order, so the results must name exactly the next unanswered elements; any
 * other id (unknown, out of order, more results than elements) is a broken channel. Pure; coordinator lock.
 */
public final class ResultMatcher {
    private ResultMatcher() {}

    /**
     * Returns the elements answered by {@code ids}, in order, and marks them done in {@code slot};
     * throws, changing nothing, when the ids are not the next elements in flight.
     */
    static TaskUnit[] match(WorkerSlot slot, long[] ids, long nowNanos) throws ProtocolException {
        check(slot, ids);
        TaskUnit[] units = new TaskUnit[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Batch b = slot.inflight.peekFirst();
            TaskUnit u = b.units[b.done++];
            if (b.done == b.units.length) {
                slot.inflight.pollFirst();
            }
            units[i] = u;
            u.suspect = false;
        }
        slot.completed += ids.length;
        slot.lastResultNanos = nowNanos;
        return units;
    }

    private static void check(WorkerSlot slot, long[] ids) throws ProtocolException {
        Iterator<Batch> it = slot.inflight.iterator();
        Batch b = null;
        int at = 0;
        for (long id : ids) {
            while (b == null || at == b.units.length) {
                if (!it.hasNext()) {
                    throw new ProtocolException("result for task id " + id + " but nothing is in flight on this worker");
                }
                b = it.next();
                at = b.done;
            }
            if (b.units[at++].id != id) {
                throw new ProtocolException("result for task id " + id
                        + " that is not the next one in flight on this worker");
            }
        }
    }
}
