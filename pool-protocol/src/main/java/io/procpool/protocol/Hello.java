package io.procpool.protocol;

/**
 * First frame from a child: who it is. Encoded without Kryo so the child can send it before
 * loading anything heavy.
 *
 * @param pid the child's process id, or 0 when not reported (the coordinator knows it anyway)
 * @param javaVersion the child's {@code java.version}
 * @param uptimeMillis milliseconds from the worker's {@code main} to this frame
 */
public record Hello(long pid, String javaVersion, long uptimeMillis) {
    /** Payload bytes of this message. */
    public byte[] encode() {
        return new PayloadWriter(64).writeVarLong(pid).writeString(javaVersion).writeVarLong(uptimeMillis)
                .toByteArray();
    }

    /** Decodes a HELLO payload. */
    public static Hello decode(byte[] payload) throws ProtocolException {
        PayloadReader r = new PayloadReader(payload);
        Hello h = new Hello(r.readVarLong(), r.readString(), r.readVarLong());
        r.expectEnd();
        return h;
    }
}
