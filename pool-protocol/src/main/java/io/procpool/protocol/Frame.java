package io.procpool.protocol;

/**
 * One decoded frame. The payload array is owned by the frame; nobody mutates it after decoding.
 *
 * @param type the frame type
 * @param flags reserved bits, 0 in this version
 * @param correlationId sender-chosen id that ties replies to requests (batch id for TASK)
 * @param payload the frame body, never {@code null}
 */
public record Frame(FrameType type, int flags, long correlationId, byte[] payload) {
    /** A frame without body. */
    public static Frame empty(FrameType type) {
        return new Frame(type, 0, 0, new byte[0]);
    }
}
