package io.procpool.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reader over a frame payload. Every length is checked against the bytes that
 * remain before anything is allocated, so a malformed payload fails with {@link ProtocolException}.
 */
public final class PayloadReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    /** Reads the whole array. */
    public PayloadReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** Reads {@code buf[offset, offset + length)}. */
    public PayloadReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** The backing array (for zero-copy slices). */
    public byte[] buffer() {
        return buf;
    }

    /** Current read position in the backing array. */
    public int position() {
        return pos;
    }

    /** Bytes left. */
    public int remaining() {
        return end - pos;
    }

    /** Moves the position past {@code n} bytes. */
    public void skip(int n) throws ProtocolException {
        need(n);
        pos += n;
    }

    private void need(int n) throws ProtocolException {
        if (n < 0 || n > end - pos) {
            throw new ProtocolException("malformed payload: needs " + n + " bytes at offset " + pos + ", "
                    + (end - pos) + " left");
        }
    }

    /** One unsigned byte. */
    public int readByte() throws ProtocolException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    /** A boolean written by {@link PayloadWriter#writeBoolean}. */
    public boolean readBoolean() throws ProtocolException {
        int b = readByte();
        if (b > 1) {
            throw new ProtocolException("malformed payload: boolean byte " + b);
        }
        return b == 1;
    }

    /** A varint in 0..Integer.MAX_VALUE. */
    public int readVarInt() throws ProtocolException {
        long v = readVarLong();
        if (v > Integer.MAX_VALUE) {
            throw new ProtocolException("malformed payload: varint " + v + " above int range");
        }
        return (int) v;
    }

    /** A varlong in 0..Long.MAX_VALUE. */
    public long readVarLong() throws ProtocolException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new ProtocolException("malformed payload: varlong longer than 9 bytes");
    }

    /** 8-byte signed long. */
    public long readLong() throws ProtocolException {
        need(8);
        long v = ((long) FrameReader.getInt(buf, pos) << 32) | (FrameReader.getInt(buf, pos + 4) & 0xFFFFFFFFL);
        pos += 8;
        return v;
    }

    /** 4-byte signed int. */
    public int readInt() throws ProtocolException {
        need(4);
        int v = FrameReader.getInt(buf, pos);
        pos += 4;
        return v;
    }

    /** Length of a byte block written by {@link PayloadWriter#writeBytes}; the bytes follow at {@link #position()}. */
    public int readBytesLength() throws ProtocolException {
        int len = readVarInt();
        need(len);
        return len;
    }

    /** A copy of a length-prefixed byte block. */
    public byte[] readBytes() throws ProtocolException {
        int len = readBytesLength();
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        return b;
    }

    /** A nullable string written by {@link PayloadWriter#writeString}. */
    public String readString() throws ProtocolException {
        int lenPlusOne = readVarInt();
        if (lenPlusOne == 0) {
            return null;
        }
        int len = lenPlusOne - 1;
        need(len);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd() throws ProtocolException {
        if (pos != end) {
            throw new ProtocolException("malformed payload: " + (end - pos) + " unexpected trailing bytes");
        }
    }
}
