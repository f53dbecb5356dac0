package io.procpool.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32C;

/**
 * Frame bytes built from the layout in {@link Wire}'s javadoc, independently of {@link FrameWriter},
 * so tests can produce headers the writer never would (unknown type, wrong version, any length).
 */
final class RawFrames {
    static final byte[] MAGIC = {(byte) 0xF7, 'P', 'P', 'L'};

    private RawFrames() {}

    /** A complete frame whose CRC matches header and payload. */
    static byte[] frame(int version, int typeCode, int flags, long correlationId, byte[] payload) {
        byte[] header = header(version, typeCode, flags, correlationId, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 20);
        crc.update(payload, 0, payload.length);
        putInt(header, 20, (int) crc.getValue());
        byte[] out = new byte[header.length + payload.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    /** A 24-byte header announcing {@code length}; its CRC covers the first 20 bytes only. */
    static byte[] header(int version, int typeCode, int flags, long correlationId, int length) {
        byte[] h = new byte[24];
        System.arraycopy(MAGIC, 0, h, 0, 4);
        h[4] = (byte) version;
        h[5] = (byte) typeCode;
        h[6] = (byte) (flags >>> 8);
        h[7] = (byte) flags;
        putInt(h, 8, (int) (correlationId >>> 32));
        putInt(h, 12, (int) correlationId);
        putInt(h, 16, length);
        CRC32C crc = new CRC32C();
        crc.update(h, 0, 20);
        putInt(h, 20, (int) crc.getValue());
        return h;
    }

    /** What {@link FrameWriter} produces for one frame. */
    static byte[] written(FrameType type, long correlationId, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            FrameWriter w = new FrameWriter(out);
            w.write(type, correlationId, payload);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
