package io.procpool.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The CONFIG frame: what the coordinator tells a child after HELLO.
 *
 * @param workerId the coordinator's number for this worker (for thread names and logs)
 * @param registeredClasses class names to register with Kryo after the built-in ones, in order
 * @param maxFrameBytes frame cap in both directions
 * @param flushEachResult send each result as soon as it exists (needed for exact timeouts);
 *     otherwise results of a batch travel together
 */
public record WorkerSettings(int workerId, List<String> registeredClasses, int maxFrameBytes,
        boolean flushEachResult) {
    /** Defensive copy of the list. */
    public WorkerSettings {
        registeredClasses = List.copyOf(registeredClasses);
    }

    /** Payload bytes of this message. */
    public byte[] encode() {
        PayloadWriter w = new PayloadWriter(256).writeVarInt(workerId).writeVarInt(registeredClasses.size());
        for (String name : registeredClasses) {
            w.writeString(name);
        }
        return w.writeVarInt(maxFrameBytes).writeBoolean(flushEachResult).toByteArray();
    }

    /** Decodes a CONFIG payload. */
    public static WorkerSettings decode(byte[] payload) throws ProtocolException {
        PayloadReader r = new PayloadReader(payload);
        int id = r.readVarInt();
        int n = r.readVarInt();
        if (n > r.remaining()) {
            throw new ProtocolException("malformed CONFIG: " + n + " class names in " + r.remaining() + " bytes");
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = r.readString();
            if (name == null) {
                throw new ProtocolException("malformed CONFIG: class name " + i + " is null");
            }
            names.add(name);
        }
        WorkerSettings s = new WorkerSettings(id, names, r.readVarInt(), r.readBoolean());
        r.expectEnd();
        return s;
    }
}
