package io.procpool.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable byte buffer for frame payloads; reusable after {@link #reset()}. Not thread-safe. */
public final class PayloadWriter {
    private byte[] buf;
    private int size;

    /** @param initialCapacity starting size of the buffer */
    public PayloadWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets the content, keeps the buffer. */
    public PayloadWriter reset() {
        size = 0;
        return this;
    }

    /** Overwrites 4 bytes at {@code at} (already written) with {@code v}. */
    public PayloadWriter putInt(int at, int v) {
        if (at < 0 || at + 4 > size) {
            throw new IllegalArgumentException("putInt at " + at + " of " + size);
        }
        FrameWriter.putInt(buf, at, v);
        return this;
    }

    /** Drops everything after the first {@code size} bytes. */
    public PayloadWriter truncate(int size) {
        if (size < 0 || size > this.size) {
            throw new IllegalArgumentException("truncate to " + size + " of " + this.size);
        }
        this.size = size;
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}. */
    public byte[] buffer() {
        return buf;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("payload above 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    /** One byte. */
    public PayloadWriter writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /** A boolean as one byte. */
    public PayloadWriter writeBoolean(boolean v) {
        return writeByte(v ? 1 : 0);
    }

    /** A non-negative int in 1..5 bytes. */
    public PayloadWriter writeVarInt(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint must be >= 0, was " + v);
        }
        return writeVarLong(v);
    }

    /** A non-negative long in 1..9 bytes (LEB128). */
    public PayloadWriter writeVarLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("varlong must be >= 0, was " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** A signed long as 8 bytes. */
    public PayloadWriter writeLong(long v) {
        ensure(8);
        FrameWriter.putLong(buf, size, v);
        size += 8;
        return this;
    }

    /** A signed int as 4 bytes. */
    public PayloadWriter writeInt(int v) {
        ensure(4);
        FrameWriter.putInt(buf, size, v);
        size += 4;
        return this;
    }

    /** Length-prefixed bytes. */
    public PayloadWriter writeBytes(byte[] b, int off, int len) {
        writeVarInt(len);
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Bytes without a length prefix. */
    public PayloadWriter writeRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** A nullable string as UTF-8: length + 1 (0 means null), then the bytes. */
    public PayloadWriter writeString(String s) {
        if (s == null) {
            return writeVarInt(0);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(b.length + 1);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }
}
