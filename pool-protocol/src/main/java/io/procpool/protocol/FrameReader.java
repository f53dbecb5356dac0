package io.procpool.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads frames from a stream. Each frame is read whole into its own array and checked (magic,
 * version, type, length cap, CRC32C) before anybody decodes it, so a stray byte on the channel
 * becomes a {@link ProtocolException}, never a wrong value or an allocation above the cap.
 * Not thread-safe: one reader thread per channel.
 */
public final class FrameReader {
    private final InputStream in;
    private final int maxPayloadBytes;
    private final byte[] header = new byte[Wire.HEADER_BYTES];
    private final CRC32C crc = new CRC32C();

    /**
     * @param in the channel
     * @param maxPayloadBytes frames announcing a longer payload are rejected before allocation
     */
    public FrameReader(InputStream in, int maxPayloadBytes) {
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be >= 0, was " + maxPayloadBytes);
        }
        this.in = in;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, or {@code null} when the stream ended cleanly between frames
     * @throws ProtocolVersionException when the peer speaks another protocol version
     * @throws ProtocolException when the bytes are not a valid frame or the stream ends inside one
     * @throws IOException when the stream fails
     */
    public Frame read() throws IOException {
        int n = readFully(header, 0, Wire.HEADER_BYTES);
        if (n == 0) {
            return null;
        }
        if (!startsWithMagic(n)) {
            throw new ProtocolException("bad frame magic: stray bytes on the channel, starting with "
                    + preview(header, n) + " (did native code or a subprocess write to the worker's stdout?)");
        }
        if (n < Wire.HEADER_BYTES) {
            throw new ProtocolException("channel ended inside a frame header after " + n + " of "
                    + Wire.HEADER_BYTES + " bytes");
        }
        int version = header[4] & 0xFF;
        if (version != Wire.VERSION) {
            throw new ProtocolVersionException(version);
        }
        FrameType type = FrameType.ofCode(header[5] & 0xFF);
        if (type == null) {
            throw new ProtocolException("unknown frame type " + (header[5] & 0xFF));
        }
        int flags = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
        long correlationId = ((long) getInt(header, 8) << 32) | (getInt(header, 12) & 0xFFFFFFFFL);
        int length = getInt(header, 16);
        if (length < 0 || length > maxPayloadBytes) {
            throw new ProtocolException("frame payload length " + length + " outside 0.." + maxPayloadBytes
                    + " (the frame cap)");
        }
        byte[] payload = new byte[length];
        int got = readFully(payload, 0, length);
        if (got < length) {
            throw new ProtocolException("channel ended inside a " + type + " frame after " + got + " of " + length
                    + " payload bytes");
        }
        crc.reset();
        crc.update(header, 0, 20);
        crc.update(payload, 0, length);
        int expected = getInt(header, 20);
        if ((int) crc.getValue() != expected) {
            throw new ProtocolException("CRC32C mismatch on a " + type + " frame of " + length
                    + " bytes: the channel is corrupted");
        }
        return new Frame(type, flags, correlationId, payload);
    }

    /**
     * Consumes bytes up to the next frame magic and returns them as text: for the start of a
     * conversation only, where a JVM may print start-up messages (JFR, logging) before the peer's
     * first frame. At most {@code maxBytes} are skipped; the stream must support mark/reset.
     *
     * @throws ProtocolException when no magic appears within {@code maxBytes}
     */
    public String skipNoiseBeforeFrame(int maxBytes) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalStateException("stream does not support mark/reset");
        }
        java.io.ByteArrayOutputStream noise = new java.io.ByteArrayOutputStream();
        byte[] probe = new byte[Wire.MAGIC.length];
        while (noise.size() <= maxBytes) {
            in.mark(probe.length);
            int n = readFully(probe, 0, probe.length);
            in.reset();
            if (n == probe.length && java.util.Arrays.equals(probe, Wire.MAGIC) || n == 0) {
                return noise.toString(StandardCharsets.UTF_8);
            }
            int b = in.read();
            if (b < 0) {
                return noise.toString(StandardCharsets.UTF_8);
            }
            noise.write(b);
        }
        throw new ProtocolException("no frame within the first " + maxBytes + " bytes; the peer printed: "
                + preview(noise.toByteArray(), Math.min(noise.size(), 16)));
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r;
            try {
                r = in.read(b, off + total, len - total);
            } catch (EOFException e) {
                r = -1;
            }
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    private boolean startsWithMagic(int n) {
        for (int i = 0; i < Math.min(n, Wire.MAGIC.length); i++) {
            if (header[i] != Wire.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static String preview(byte[] b, int n) {
        String text = new String(b, 0, Math.min(n, 16), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7E]", ".");
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            hex.append(String.format("%02X", b[i] & 0xFF));
        }
        return "0x" + hex + " \"" + text + "\"";
    }
}
