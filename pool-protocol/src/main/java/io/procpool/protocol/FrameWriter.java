package io.procpool.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes frames to a stream. Not thread-safe: the owner serialises calls (one lock per channel).
 * Frames are not flushed until {@link #flush()}, so a burst of frames costs one system call.
 */
public final class FrameWriter {
    private final OutputStream out;
    private final int version;
    private final byte[] header = new byte[Wire.HEADER_BYTES];
    private final CRC32C crc = new CRC32C();

    /** @param out the channel; wrap it in a {@code BufferedOutputStream} for small frames */
    public FrameWriter(OutputStream out) {
        this(out, Wire.VERSION);
    }

    /**
     * Writer that stamps another protocol version on its frames; only tests of the version check use it.
     *
     * @param out the channel
     * @param version the version byte to send
     */
    public FrameWriter(OutputStream out, int version) {
        this.out = out;
        this.version = version;
        System.arraycopy(Wire.MAGIC, 0, header, 0, 4);
    }

    /** Writes a frame whose payload is the whole array. */
    public void write(FrameType type, long correlationId, byte[] payload) throws IOException {
        write(type, correlationId, payload, 0, payload.length);
    }

    /**
     * Writes one frame.
     *
     * @throws IOException when the channel is closed or broken
     */
    public void write(FrameType type, long correlationId, byte[] payload, int offset, int length) throws IOException {
        header[4] = (byte) version;
        header[5] = (byte) type.code();
        header[6] = 0;
        header[7] = 0;
        putLong(header, 8, correlationId);
        putInt(header, 16, length);
        crc.reset();
        crc.update(header, 0, 20);
        crc.update(payload, offset, length);
        putInt(header, 20, (int) crc.getValue());
        out.write(header);
        out.write(payload, offset, length);
    }

    /** Pushes buffered frames to the peer. */
    public void flush() throws IOException {
        out.flush();
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }
}
