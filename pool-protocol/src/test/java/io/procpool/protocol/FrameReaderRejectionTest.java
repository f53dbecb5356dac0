package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameReaderRejectionTest {
    /** Every message the reader uses to refuse bytes; a flipped bit must produce one of these. */
    private static final Pattern KNOWN_REFUSAL = Pattern.compile(
            "bad frame magic.*|protocol version mismatch.*|unknown frame type.*|frame payload length.*"
                    + "|channel ended inside.*|CRC32C mismatch.*", Pattern.DOTALL);

    private static ProtocolException refuse(byte[] bytes, int cap) {
        return assertThrows(ProtocolException.class,
                () -> new FrameReader(new ByteArrayInputStream(bytes), cap).read());
    }

    private static byte[] sampleFrame() {
        byte[] payload = new byte[40];
        new SplittableRandom(11).nextBytes(payload);
        return RawFrames.written(FrameType.RESULT, 0x1122334455667788L, payload);
    }

    @Test
    void read_truncatedAnywhereInHeader_saysEndedInsideHeader() {
        byte[] frame = sampleFrame();
        for (int n = 1; n < Wire.HEADER_BYTES; n++) {
            ProtocolException e = refuse(Arrays.copyOf(frame, n), 1 << 20);
            assertTrue(e.getMessage().contains("ended inside a frame header after " + n + " of 24"),
                    n + ": " + e.getMessage());
        }
    }

    @Test
    void read_truncatedAnywhereInPayload_saysEndedInsideAndCounts() {
        byte[] frame = sampleFrame();
        for (int n = Wire.HEADER_BYTES; n < frame.length; n++) {
            ProtocolException e = refuse(Arrays.copyOf(frame, n), 1 << 20);
            assertTrue(e.getMessage().contains("ended inside a RESULT frame after " + (n - 24) + " of 40"),
                    n + ": " + e.getMessage());
        }
    }

    @Test
    void read_truncatedSecondFrame_firstFrameStillReadThenEndedInside() throws IOException {
        byte[] first = RawFrames.written(FrameType.READY, 1, new byte[] {7});
        byte[] second = sampleFrame();
        byte[] bytes = RawFrames.concat(first, Arrays.copyOf(second, 30));
        FrameReader r = new FrameReader(new ByteArrayInputStream(bytes), 1 << 20);
        assertEquals(FrameType.READY, r.read().type());
        ProtocolException e = assertThrows(ProtocolException.class, r::read);
        assertTrue(e.getMessage().contains("ended inside"), e.getMessage());
    }

    @Test
    void read_textPrintedBeforeFrame_saysMagicAndShowsTheText() {
        byte[] bytes = RawFrames.concat("Hello world\n".getBytes(StandardCharsets.US_ASCII), sampleFrame());
        ProtocolException e = refuse(bytes, 1 << 20);
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertTrue(e.getMessage().contains("\"Hello world."), e.getMessage());
        assertTrue(e.getMessage().contains("0x48656C6C6F20776F"), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7F),
                "message must be printable: " + e.getMessage());
    }

    @Test
    void read_shortStrayTextAndEnd_saysMagicNotEndedInside() {
        ProtocolException e = refuse("ok\n".getBytes(StandardCharsets.US_ASCII), 1 << 20);
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertTrue(e.getMessage().contains("\"ok.\""), e.getMessage());
    }

    @Test
    void read_binaryGarbage_previewIsPrintable() {
        byte[] garbage = new byte[30];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 1);
        }
        ProtocolException e = refuse(garbage, 1 << 20);
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7F), e.getMessage());
    }

    @Test
    void read_everySingleBitFlipInHeaderOrPayload_isRefusedNeverAFrame() {
        byte[] frame = sampleFrame();
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] bad = frame.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            ProtocolException e = refuse(bad, 1 << 20);
            assertTrue(KNOWN_REFUSAL.matcher(e.getMessage()).matches(), "bit " + bit + ": " + e.getMessage());
        }
    }

    @Test
    void read_bitFlipInPayloadOrCorrelation_isReportedAsCrcMismatch() {
        byte[] frame = sampleFrame();
        for (int at : new int[] {8, 15, 20, 23, 24, 40, frame.length - 1}) {
            byte[] bad = frame.clone();
            bad[at] ^= 0x10;
            ProtocolException e = refuse(bad, 1 << 20);
            assertTrue(e.getMessage().contains("CRC32C mismatch on a RESULT frame of 40 bytes"),
                    at + ": " + e.getMessage());
        }
    }

    @Test
    void read_lengthAboveCap_namesLengthAndCap() {
        byte[] header = RawFrames.header(Wire.VERSION, FrameType.TASK.code(), 0, 1, 4097);
        ProtocolException e = refuse(header, 4096);
        assertTrue(e.getMessage().contains("4097"), e.getMessage());
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        assertTrue(e.getMessage().contains("cap"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 1 << 30, Integer.MIN_VALUE, -1})
    void read_hugeOrNegativeLength_refusedWithoutReadingOrAllocatingThePayload(int length) {
        byte[] header = RawFrames.header(Wire.VERSION, FrameType.RESULT.code(), 0, 1, length);
        long allocated = Allocations.during(() -> assertThrows(ProtocolException.class,
                () -> new FrameReader(new HeaderOnlyStream(header), 1 << 20).read()));
        HeaderOnlyStream in = new HeaderOnlyStream(header);
        ProtocolException e = assertThrows(ProtocolException.class, () -> new FrameReader(in, 1 << 20).read());
        assertTrue(e.getMessage().contains(Integer.toString(length)), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(1 << 20)), e.getMessage());
        assertFalse(in.readPastHeader, "reader asked for payload bytes");
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes for a refused header");
    }

    @Test
    void read_lengthEqualToCap_isAcceptedAndCapZeroAllowsEmptyFrames() throws IOException {
        byte[] payload = new byte[4096];
        Frame f = new FrameReader(new ByteArrayInputStream(RawFrames.written(FrameType.TASK, 1, payload)), 4096)
                .read();
        assertEquals(4096, f.payload().length);
        assertEquals(0, new FrameReader(new ByteArrayInputStream(RawFrames.written(FrameType.BYE, 1, new byte[0])),
                0).read().payload().length);
        ProtocolException e = refuse(RawFrames.written(FrameType.TASK, 1, new byte[1]), 0);
        assertTrue(e.getMessage().contains("outside 0..0"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 11, 100, 255})
    void read_unknownFrameType_namesTheCode(int code) {
        byte[] frame = RawFrames.frame(Wire.VERSION, code, 0, 5, new byte[] {1, 2});
        ProtocolException e = refuse(frame, 1 << 20);
        assertTrue(e.getMessage().contains("unknown frame type " + code), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 99, 255})
    void read_otherProtocolVersion_namesBothVersions(int version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out, version);
        w.write(FrameType.HELLO, 0, new byte[] {1, 2, 3});
        w.flush();
        ProtocolVersionException e = assertThrows(ProtocolVersionException.class,
                () -> new FrameReader(new ByteArrayInputStream(out.toByteArray()), 1 << 20).read());
        assertEquals(version, e.peerVersion());
        assertTrue(e.getMessage().contains("peer speaks version " + version), e.getMessage());
        assertTrue(e.getMessage().contains("this side speaks version " + Wire.VERSION), e.getMessage());
    }

    @Test
    void read_nonZeroFlagsWithValidCrc_arePassedThrough() throws IOException {
        byte[] frame = RawFrames.frame(Wire.VERSION, FrameType.RESULT.code(), 0xABCD, 3, new byte[] {4});
        Frame f = new FrameReader(new ByteArrayInputStream(frame), 16).read();
        assertEquals(0xABCD, f.flags());
    }
}
