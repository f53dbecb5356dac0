package io.procpool.internal.schedule;

import io.procpool.PoolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scripted elements and a recording job for the scheduler's unit tests; no threads, no processes. */
public final class SchedulingFixture {
    public static final String TASK = "com.example.Task";

    final RecordingJob job = new RecordingJob();
    final ArrayDeque<TaskUnit> pending = new ArrayDeque<>();
    private long nextId = 1;

    /** Queues {@code n} elements of {@link #TASK} with indexes continuing from the last. */
    public List<TaskUnit> queue(int n) {
        List<TaskUnit> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = nextId++;
            TaskUnit u = new TaskUnit(id, job, id - 1, TASK, "p" + id);
            pending.addLast(u);
            added.add(u);
        }
        return added;
    }

    static WorkerSlot readySlot() {
        WorkerSlot s = new WorkerSlot(1, 0, io.procpool.PoolListener.WorkerStart.INITIAL);
        s.moveTo(WorkerSlot.Phase.READY);
        return s;
    }

    /** Sends batches to {@code slot} until it has no room, marking each written at {@code now}. */
    static List<Batch> fill(Dispatch d, ArrayDeque<TaskUnit> pending, WorkerSlot slot, int workers, long now) {
        List<Batch> sent = new ArrayList<>();
        Batch b;
        while ((b = d.next(pending, slot, workers, now)) != null) {
            b.writtenNanos = now;
            sent.add(b);
        }
        return sent;
    }

    static long[] ids(TaskUnit... units) {
        long[] ids = new long[units.length];
        for (int i = 0; i < units.length; i++) {
            ids[i] = units[i].id;
        }
        return ids;
    }

    /** Records outcomes in arrival order. */
    static final class RecordingJob extends Job {
        public final Map<Long, Object> succeeded = new LinkedHashMap<>();
        public final Map<Long, PoolException> failed = new LinkedHashMap<>();
        boolean cancelled;

        @Override
        public void succeeded(TaskUnit unit, Object value) {
            succeeded.put(unit.index, value);
        }

        @Override
        public void failed(TaskUnit unit, PoolException error) {
            failed.put(unit.index, error);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void abort(PoolException cause, boolean discardArrived) {}
    }
}
