package io.procpool.internal;

import io.procpool.internal.schedule.TaskRef;
import io.procpool.protocol.FrameType;
import io.procpool.protocol.FrameWriter;
import io.procpool.protocol.InstancePayload;
import io.procpool.protocol.PayloadWriter;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Which task instances one worker holds, decided here for both sides: an LRU of at most
 * {@link #MAX_PER_WORKER} instance ids. The worker's writer thread sends an INSTANCE frame for an
 * instance before the first TASK that names it; when that would exceed the bound, the frame also
 * names the least recently used ids, which the worker closes (if {@code AutoCloseable}) and
 * forgets before it keeps the new one. The worker reads frames in the order they are written, so
 * it holds exactly the ids this object holds; it never evicts on its own. A replacement worker
 * has a new, empty one. Writer thread only.
 */
public final class TaskInstancesSent {
    /** Instances a worker keeps at most; beyond that the least recently used is closed. */
    public static final int MAX_PER_WORKER = 64;
    private static final long[] NONE = new long[0];

    private final int capacity;
    private final LinkedHashMap<Long, Boolean> held = new LinkedHashMap<>(16, 0.75f, true);

    public TaskInstancesSent(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Marks {@code id} as most recently used. Returns null when the worker holds it already, else
     * the ids the worker must drop first (possibly none); from then on the worker holds {@code id}.
     */
    long[] admit(long id) {
        if (held.get(id) != null) {
            return null;
        }
        held.put(id, Boolean.TRUE);
        int over = held.size() - capacity;
        if (over <= 0) {
            return NONE;
        }
        long[] dropped = new long[over];
        Iterator<Long> eldest = held.keySet().iterator();
        for (int i = 0; i < over; i++) {
            dropped[i] = eldest.next();
            eldest.remove();
        }
        return dropped;
    }

    /** Writes the INSTANCE frame for {@code ref} unless the worker holds it already (uses {@code p} as scratch). */
    public void sendIfNeeded(FrameWriter writer, PayloadWriter p, TaskRef ref, int loaderId) throws IOException {
        long[] dropped = admit(ref.id);
        if (dropped != null) {
            InstancePayload.write(p, ref.id, loaderId, ref.className, ref.bytes, dropped);
            writer.write(FrameType.INSTANCE, 0, p.buffer(), 0, p.size());
        }
    }
}
