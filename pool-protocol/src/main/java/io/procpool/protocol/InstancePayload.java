package io.procpool.protocol;

/**
 * The INSTANCE payload (protocol version 3): a task instance the coordinator serialized once, and
 * the instances the worker must close and forget before it keeps this one.
 *
 * <p>Layout: instance id (varlong, at least 1), worker loader id (varint; as in TASK), task class
 * name (string), the Kryo bytes of the instance (length-prefixed block), then the count of dropped
 * ids (varint) and each dropped id (varlong). The coordinator decides what a worker keeps (see
 * {@code TaskInstancesSent}); the worker only follows, so both sides always agree on which ids a
 * TASK frame may name.
 *
 * @param id the id later TASK frames name
 * @param loaderId worker loader that resolves the instance's classes (0: the worker's own classpath)
 * @param className class of the instance, for messages
 * @param payload the frame payload the bytes lie in
 * @param bytesOffset where the Kryo bytes start in {@code payload}
 * @param bytesLength how many Kryo bytes there are
 * @param dropped ids to close and forget first
 */
public record InstancePayload(long id, int loaderId, String className, byte[] payload, int bytesOffset,
        int bytesLength, long[] dropped) {
    private static final long[] NONE = new long[0];

    /** Writes an INSTANCE payload into {@code p} (reset first). */
    public static void write(PayloadWriter p, long id, int loaderId, String className, byte[] bytes, long[] dropped) {
        p.reset().writeVarLong(id).writeVarInt(loaderId).writeString(className).writeBytes(bytes, 0, bytes.length);
        p.writeVarInt(dropped.length);
        for (long d : dropped) {
            p.writeVarLong(d);
        }
    }

    /**
     * Decodes an INSTANCE payload; the Kryo bytes are not copied.
     *
     * @throws ProtocolException when the payload is malformed
     */
    public static InstancePayload decode(byte[] payload) throws ProtocolException {
        PayloadReader r = new PayloadReader(payload);
        long id = r.readVarLong();
        int loaderId = r.readVarInt();
        String className = r.readString();
        if (id == 0 || className == null) {
            throw new ProtocolException("malformed INSTANCE: id " + id + ", class " + className);
        }
        int len = r.readBytesLength();
        int off = r.position();
        r.skip(len);
        int n = r.readVarInt();
        if (n > r.remaining()) {
            throw new ProtocolException("malformed INSTANCE: " + n + " dropped ids in " + r.remaining() + " bytes");
        }
        long[] dropped = n == 0 ? NONE : new long[n];
        for (int i = 0; i < n; i++) {
            dropped[i] = r.readVarLong();
        }
        r.expectEnd();
        return new InstancePayload(id, loaderId, className, payload, off, len, dropped);
    }
}
