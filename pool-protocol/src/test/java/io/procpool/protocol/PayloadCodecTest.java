package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadCodecTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static ProtocolException malformed(byte[] payload, ReadOp op) {
        return assertThrows(ProtocolException.class, () -> op.read(new PayloadReader(payload)));
    }

    interface ReadOp {
        Object read(PayloadReader r) throws ProtocolException;
    }

    @ParameterizedTest
    @CsvSource({"0,1", "1,1", "127,1", "128,2", "16383,2", "16384,3", "2097151,3", "2097152,4", "268435455,4",
        "268435456,5", "2147483647,5"})
    void varInt_atSevenBitBoundaries_hasExpectedSizeAndRoundTrips(int value, int size) throws ProtocolException {
        byte[] b = new PayloadWriter(0).writeVarInt(value).toByteArray();
        assertEquals(size, b.length);
        PayloadReader r = new PayloadReader(b);
        assertEquals(value, r.readVarInt());
        r.expectEnd();
    }

    @ParameterizedTest
    @CsvSource({"0,1", "34359738367,5", "34359738368,6", "4398046511103,6", "4398046511104,7",
        "562949953421311,7", "562949953421312,8", "72057594037927935,8", "72057594037927936,9",
        "9223372036854775807,9"})
    void varLong_atSevenBitBoundaries_hasExpectedSizeAndRoundTrips(long value, int size) throws ProtocolException {
        byte[] b = new PayloadWriter(0).writeVarLong(value).toByteArray();
        assertEquals(size, b.length);
        PayloadReader r = new PayloadReader(b);
        assertEquals(value, r.readVarLong());
        r.expectEnd();
    }

    @Test
    void writeVar_negative_isRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PayloadWriter(8).writeVarInt(-5));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PayloadWriter(8).writeVarLong(Long.MIN_VALUE));
    }

    @Test
    void readVarInt_valueAboveIntRange_isMalformed() {
        byte[] b = new PayloadWriter(8).writeVarLong(Integer.MAX_VALUE + 1L).toByteArray();
        ProtocolException e = malformed(b, PayloadReader::readVarInt);
        assertTrue(e.getMessage().contains("2147483648"), e.getMessage());
    }

    @Test
    void readVarLong_tenByteEncoding_isMalformed() {
        ProtocolException e = malformed(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                PayloadReader::readVarLong);
        assertTrue(e.getMessage().contains("longer than 9 bytes"), e.getMessage());
        malformed(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), PayloadReader::readVarLong);
        malformed(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), PayloadReader::readVarInt);
    }

    @Test
    void readVarLong_nineByteMaximum_neverGoesNegative() throws ProtocolException {
        long v = new PayloadReader(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)).readVarLong();
        assertEquals(Long.MAX_VALUE, v);
        assertEquals(0x7F00_0000_0000_0000L,
                new PayloadReader(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F)).readVarLong());
        malformed(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xFF), PayloadReader::readVarLong);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void readVar_truncatedContinuation_isMalformed(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0x80);
        assertTrue(malformed(b, PayloadReader::readVarLong).getMessage().contains("needs 1 bytes"));
        malformed(b, PayloadReader::readVarInt);
        malformed(new byte[0], PayloadReader::readVarInt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "hello world", "Grüße, Straße", "日本語のテキスト", "emoji \uD83D\uDE80\uD83C\uDF89",
        "nul\u0000inside", "\uFFFF\uFFFE"})
    void string_roundTripsAsUtf8WithLengthPlusOne(String s) throws ProtocolException {
        byte[] b = new PayloadWriter(0).writeString(s).toByteArray();
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        PayloadReader lengthOnly = new PayloadReader(b);
        assertEquals(utf8.length + 1, lengthOnly.readVarInt());
        PayloadReader r = new PayloadReader(b);
        assertEquals(s, r.readString());
        r.expectEnd();
    }

    @Test
    void string_nullAndEmpty_areDistinct() throws ProtocolException {
        PayloadReader r = new PayloadReader(new PayloadWriter(4).writeString(null).writeString("").toByteArray());
        assertNull(r.readString());
        assertEquals("", r.readString());
        r.expectEnd();
    }

    @Test
    void string_longerThanInitialBuffer_growsAndRoundTrips() throws ProtocolException {
        String s = "x\u00e9\u65e5".repeat(50_000);
        PayloadWriter w = new PayloadWriter(1);
        w.writeString(s).writeString(s);
        PayloadReader r = new PayloadReader(w.toByteArray());
        assertEquals(s, r.readString());
        assertEquals(s, r.readString());
        r.expectEnd();
    }

    @Test
    void readString_lengthBeyondRemaining_isMalformedWithoutAllocating() {
        byte[] b = new PayloadWriter(8).writeVarInt(Integer.MAX_VALUE).writeRaw(new byte[] {'a', 'b'}, 0, 2)
                .toByteArray();
        long allocated = Allocations.during(() -> malformed(b, PayloadReader::readString));
        ProtocolException e = malformed(b, PayloadReader::readString);
        assertTrue(e.getMessage().contains("needs 2147483646 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("2 left"), e.getMessage());
        assertTrue(allocated < 1 << 20, "allocated " + allocated);
        malformed(bytes(4, 'a', 'b'), PayloadReader::readString);
    }

    @Test
    void bytes_roundTripWithSliceAndZeroCopyAccess() throws ProtocolException {
        byte[] data = {9, 8, 7, 6, 5, 4};
        byte[] b = new PayloadWriter(2).writeBytes(data, 1, 3).writeBytes(new byte[0], 0, 0).writeBytes(data, 0, 6)
                .toByteArray();
        PayloadReader r = new PayloadReader(b);
        assertArrayEquals(new byte[] {8, 7, 6}, r.readBytes());
        assertArrayEquals(new byte[0], r.readBytes());
        int len = r.readBytesLength();
        assertEquals(6, len);
        assertEquals(9, r.buffer()[r.position()]);
        r.skip(len);
        r.expectEnd();
    }

    @Test
    void readBytes_lengthBeyondRemaining_isMalformedWithoutAllocating() {
        byte[] b = new PayloadWriter(8).writeVarInt(Integer.MAX_VALUE).toByteArray();
        long allocated = Allocations.during(() -> malformed(b, PayloadReader::readBytes));
        assertTrue(allocated < 1 << 20, "allocated " + allocated);
        malformed(b, PayloadReader::readBytesLength);
        malformed(bytes(3, 1, 2), PayloadReader::readBytes);
    }

    @Test
    void fixedWidth_roundTripExtremes() throws ProtocolException {
        byte[] b = new PayloadWriter(0).writeLong(Long.MIN_VALUE).writeLong(-1).writeInt(Integer.MIN_VALUE)
                .writeInt(0x01020304).writeByte(0xFF).writeBoolean(true).writeBoolean(false).toByteArray();
        PayloadReader r = new PayloadReader(b);
        assertEquals(Long.MIN_VALUE, r.readLong());
        assertEquals(-1, r.readLong());
        assertEquals(Integer.MIN_VALUE, r.readInt());
        assertEquals(0x01020304, r.readInt());
        assertEquals(0xFF, r.readByte());
        assertTrue(r.readBoolean());
        assertFalse(r.readBoolean());
        assertEquals(0, r.remaining());
        r.expectEnd();
    }

    @Test
    void fixedWidth_truncated_isMalformed() {
        malformed(new byte[7], PayloadReader::readLong);
        malformed(new byte[3], PayloadReader::readInt);
        malformed(new byte[0], PayloadReader::readByte);
        malformed(new byte[0], PayloadReader::readBoolean);
    }

    @Test
    void readBoolean_byteAboveOne_isMalformed() {
        assertTrue(malformed(bytes(2), PayloadReader::readBoolean).getMessage().contains("boolean byte 2"));
    }

    @Test
    void skip_negativeOrPastEnd_isMalformed() {
        malformed(new byte[4], r -> {
            r.skip(-1);
            return null;
        });
        malformed(new byte[4], r -> {
            r.skip(5);
            return null;
        });
    }

    @Test
    void expectEnd_trailingBytes_isMalformedWithTheCount() throws ProtocolException {
        PayloadReader r = new PayloadReader(bytes(1, 2, 3));
        r.readByte();
        ProtocolException e = assertThrows(ProtocolException.class, r::expectEnd);
        assertTrue(e.getMessage().contains("2 unexpected trailing bytes"), e.getMessage());
    }

    @Test
    void reader_overWindow_neverReadsOutsideIt() throws ProtocolException {
        byte[] b = bytes(0x55, 3, 'a', 'b', 'c', 0x55);
        PayloadReader r = new PayloadReader(b, 1, 3);
        assertEquals(3, r.remaining());
        assertEquals("ab", r.readString());
        assertEquals(4, r.position());
        r.expectEnd();
        assertThrows(ProtocolException.class, r::readByte, "byte after the window");
        PayloadReader tight = new PayloadReader(b, 1, 2);
        ProtocolException e = assertThrows(ProtocolException.class, tight::readString);
        assertTrue(e.getMessage().contains("1 left"), e.getMessage());
    }

    @Test
    void writer_resetReusesBufferAndToByteArrayCopies() {
        PayloadWriter w = new PayloadWriter(16);
        w.writeInt(7).writeInt(8);
        byte[] first = w.toByteArray();
        assertEquals(8, w.size());
        w.reset().writeByte(1);
        assertEquals(1, w.size());
        assertArrayEquals(new byte[] {1}, w.toByteArray());
        assertArrayEquals(new byte[] {0, 0, 0, 7, 0, 0, 0, 8}, first);
        assertTrue(w.buffer().length >= 16);
    }

    @Test
    void writeRaw_appendsWithoutPrefix() {
        assertArrayEquals(bytes(2, 3), new PayloadWriter(0).writeRaw(bytes(1, 2, 3, 4), 1, 2).toByteArray());
    }
}
