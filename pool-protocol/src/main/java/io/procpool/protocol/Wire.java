package io.procpool.protocol;

/**
 * Constants of the frame format. See PROTOCOL.md for the layout.
 *
 * <pre>
 * offset size field
 *      0    4 magic F7 50 50 4C  (0xF7 never occurs in UTF-8 text, so printed text is never a frame)
 *      4    1 protocol version
 *      5    1 frame type
 *      6    2 flags (0)
 *      8    8 correlation id
 *     16    4 payload length (signed, 0..max frame bytes)
 *     20    4 CRC32C over bytes 0..19 and the payload
 *     24    n payload
 * </pre>
 */
public final class Wire {
    /** Current protocol version; bump on any incompatible change. */
    public static final int VERSION = 4;
    /** Frame header size in bytes. */
    public static final int HEADER_BYTES = 24;
    /** The four magic bytes at the start of every frame. */
    static final byte[] MAGIC = {(byte) 0xF7, 'P', 'P', 'L'};
    /** Default cap on one frame's payload: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;
    /** Smallest cap that can still carry the handshake. */
    public static final int MIN_MAX_FRAME_BYTES = 4 << 10;

    private Wire() {}
}
