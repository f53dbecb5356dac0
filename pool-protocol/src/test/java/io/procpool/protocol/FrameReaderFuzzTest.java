package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds the frame reader random and mutated bytes from fixed seeds (1,000,000 cases in all). The
 * only acceptable outcomes are a {@link ProtocolException} or a frame that really is in the input;
 * any other exception fails, and so does a reader that never returns (the timeout runs the test in
 * a separate thread, so a busy loop cannot hang the build).
 */
class FrameReaderFuzzTest {
    static final int RANDOM_CASES = 450_000;
    static final int MUTATION_CASES = 450_000;
    static final int CAP_CASES = 100_000;
    private static final int SMALL_CAP = 4096;
    private static final FrameType[] TYPES = FrameType.values();

    /** Tally of outcomes, printed so a reader of the log can see which paths the inputs reached. */
    private static final class Outcomes {
        final Map<String, Integer> counts = new TreeMap<>();

        void add(String outcome) {
            counts.merge(outcome, 1, Integer::sum);
        }

        void refused(ProtocolException e) {
            String m = e.getMessage();
            add(m.startsWith("bad frame magic") ? "magic" : m.startsWith("protocol version") ? "version"
                    : m.startsWith("unknown frame type") ? "type" : m.startsWith("frame payload length") ? "length"
                    : m.contains("ended inside a frame header") ? "eof-header" : m.contains("ended inside")
                    ? "eof-payload" : m.startsWith("CRC32C") ? "crc" : "other: " + m);
        }

        int get(String outcome) {
            return counts.getOrDefault(outcome, 0);
        }
    }

    /** CPU time of this thread, which is what the fuzz budget is about (the build machine is shared). */
    static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void report(String name, int cases, long startCpuNanos, Outcomes o) {
        System.out.printf("%s: %,d cases in %d ms CPU, outcomes %s%n", name, cases,
                (cpuNanos() - startCpuNanos) / 1_000_000, o.counts);
        assertFalse(o.counts.keySet().stream().anyMatch(k -> k.startsWith("other")), o.counts.toString());
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b, 0, Math.min(b.length, 400)) + (b.length > 400 ? "..." : "");
    }

    /** Whether {@code f} is exactly what a correct reader finds at {@code at} in {@code bytes}. */
    private static boolean isFrameAt(byte[] bytes, int at, Frame f) {
        if (bytes.length - at < 24 || !Arrays.equals(bytes, at, at + 4, RawFrames.MAGIC, 0, 4)
                || (bytes[at + 4] & 0xFF) != Wire.VERSION || FrameType.ofCode(bytes[at + 5] & 0xFF) != f.type()) {
            return false;
        }
        int len = FrameReader.getInt(bytes, at + 16);
        if (len != f.payload().length || len > bytes.length - at - 24) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, at, 20);
        crc.update(bytes, at + 24, len);
        long corr = ((long) FrameReader.getInt(bytes, at + 8) << 32) | (FrameReader.getInt(bytes, at + 12) & 0xFFFFFFFFL);
        return (int) crc.getValue() == FrameReader.getInt(bytes, at + 20) && corr == f.correlationId()
                && f.flags() == (((bytes[at + 6] & 0xFF) << 8) | (bytes[at + 7] & 0xFF))
                && Arrays.equals(bytes, at + 24, at + 24 + len, f.payload(), 0, len);
    }

    /** Random bytes, often shaped like the start of a frame so the reader gets past the magic check. */
    private static byte[] randomInput(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(0, 201)];
        rnd.nextBytes(b);
        int shape = rnd.nextInt(4);
        if (shape >= 1 && b.length > 0) {
            System.arraycopy(RawFrames.MAGIC, 0, b, 0, Math.min(4, b.length));
        }
        if (shape >= 2 && b.length > 5) {
            b[4] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : Wire.VERSION);
            b[5] = (byte) rnd.nextInt(0, 10);
        }
        if (shape == 3 && b.length > 19) {
            int len = rnd.nextInt(5) == 0 ? rnd.nextInt() : rnd.nextInt(0, 200);
            b[16] = (byte) (len >>> 24);
            b[17] = (byte) (len >>> 16);
            b[18] = (byte) (len >>> 8);
            b[19] = (byte) len;
        }
        return b;
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void randomBytes_areRefusedOrAreAGenuineFrame() {
        SplittableRandom rnd = new SplittableRandom(0x5EED_0001L);
        Outcomes o = new Outcomes();
        long start = cpuNanos();
        for (int c = 0; c < RANDOM_CASES; c++) {
            byte[] input = randomInput(rnd);
            ByteArrayInputStream in = new ByteArrayInputStream(input);
            FrameReader reader = new FrameReader(in, SMALL_CAP);
            try {
                for (int frames = 0; ; frames++) {
                    int at = input.length - in.available();
                    Frame f = reader.read();
                    if (f == null) {
                        o.add(frames == 0 ? "empty" : "frames-then-end");
                        break;
                    }
                    if (!isFrameAt(input, at, f)) {
                        fail("case " + c + ": reader accepted a frame that is not in the input: " + hex(input));
                    }
                    o.add("frame");
                }
            } catch (ProtocolException e) {
                o.refused(e);
            } catch (Throwable t) {
                throw new AssertionError("case " + c + ": " + t + " for input " + hex(input), t);
            }
        }
        report("random bytes", RANDOM_CASES, start, o);
        for (String reached : new String[] {"empty", "magic", "version", "type", "length", "eof-header",
            "eof-payload", "crc"}) {
            assertTrue(o.get(reached) > 0, "generator never reached " + reached + ": " + o.counts);
        }
    }

    /** A random mutation; returns the new array (may be the same one). */
    static byte[] mutate(byte[] b, SplittableRandom rnd) {
        int pos = b.length == 0 ? 0 : rnd.nextBoolean() ? rnd.nextInt(Math.min(24, b.length)) : rnd.nextInt(b.length);
        switch (rnd.nextInt(6)) {
            case 0 -> { // bit flip
                if (b.length > 0) {
                    b[pos] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 1 -> { // byte replacement (may write the same value)
                if (b.length > 0) {
                    b[pos] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            case 2 -> { // truncation
                return Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
            }
            case 3 -> { // duplicate a range right after itself
                int len = Math.min(rnd.nextInt(1, 33), b.length - pos);
                return splice(b, pos + len, Arrays.copyOfRange(b, pos, pos + len), 0);
            }
            case 4 -> { // insert random bytes
                byte[] extra = new byte[rnd.nextInt(1, 9)];
                rnd.nextBytes(extra);
                return splice(b, rnd.nextInt(b.length + 1), extra, 0);
            }
            default -> { // delete a range
                int len = Math.min(rnd.nextInt(1, 17), b.length - pos);
                return splice(b, pos, new byte[0], len);
            }
        }
    }

    /** {@code b} with {@code removed} bytes at {@code at} replaced by {@code insert}. */
    private static byte[] splice(byte[] b, int at, byte[] insert, int removed) {
        byte[] out = new byte[b.length - removed + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + removed, out, at + insert.length, b.length - at - removed);
        return out;
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedFrames_areRefusedOrIdenticalToTheOriginal() throws IOException {
        SplittableRandom rnd = new SplittableRandom(0x5EED_0002L);
        Outcomes o = new Outcomes();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(buf);
        long start = cpuNanos();
        for (int c = 0; c < MUTATION_CASES; c++) {
            FrameType type = TYPES[rnd.nextInt(TYPES.length)];
            long corr = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(1000);
            byte[] payload = new byte[rnd.nextInt(0, 301)];
            rnd.nextBytes(payload);
            buf.reset();
            writer.write(type, corr, payload);
            byte[] original = buf.toByteArray();
            byte[] input = original.clone();
            int mutations = rnd.nextInt(1, 5);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, rnd);
            }
            try {
                Frame f = new FrameReader(new ByteArrayInputStream(input), SMALL_CAP).read();
                if (f == null) {
                    assertEquals(0, input.length, "case " + c + ": end of stream reported for non-empty input");
                    o.add("empty");
                    continue;
                }
                int frameLength = 24 + payload.length;
                if (f.type() != type || f.flags() != 0 || f.correlationId() != corr
                        || !Arrays.equals(f.payload(), payload) || input.length < frameLength
                        || !Arrays.equals(input, 0, frameLength, original, 0, frameLength)) {
                    fail("case " + c + ": mutated frame accepted as " + f.type() + "/" + f.correlationId() + "/"
                            + f.payload().length + " bytes; original " + hex(original) + " mutated " + hex(input));
                }
                o.add(Arrays.equals(input, original) ? "unchanged" : "frame intact, bytes added after it");
            } catch (ProtocolException e) {
                o.refused(e);
            } catch (Throwable t) {
                throw new AssertionError("case " + c + ": " + t + "; original " + hex(original) + " mutated "
                        + hex(input), t);
            }
        }
        report("mutated frames", MUTATION_CASES, start, o);
        for (String reached : new String[] {"magic", "version", "type", "length", "eof-header", "eof-payload",
            "crc"}) {
            assertTrue(o.get(reached) > 0, "mutations never reached " + reached + ": " + o.counts);
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void headersAnnouncingMoreThanTheCap_areRefusedBeforeAnyPayloadByteIsRead() {
        int cap = 1 << 20;
        SplittableRandom rnd = new SplittableRandom(0x5EED_0003L);
        Outcomes o = new Outcomes();
        long start = cpuNanos();
        int[] edges = {cap + 1, cap + 2, Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE, -1, 1 << 30};
        for (int c = 0; c < CAP_CASES; c++) {
            int length = c < edges.length ? edges[c]
                    : rnd.nextBoolean() ? rnd.nextInt(cap + 1, Integer.MAX_VALUE) : rnd.nextInt(Integer.MIN_VALUE, 0);
            byte[] header = RawFrames.header(Wire.VERSION, TYPES[rnd.nextInt(TYPES.length)].code(), 0, rnd.nextLong(),
                    length);
            HeaderOnlyStream in = new HeaderOnlyStream(header);
            try {
                Frame f = new FrameReader(in, cap).read();
                fail("case " + c + ": length " + length + " accepted as " + f);
            } catch (ProtocolException e) {
                o.refused(e);
                if (!e.getMessage().contains("length " + length + " outside 0.." + cap)) {
                    fail("case " + c + ": message does not name length and cap: " + e.getMessage());
                }
            } catch (Throwable t) {
                throw new AssertionError("case " + c + ", length " + length + ": " + t, t);
            }
            assertFalse(in.readPastHeader);
        }
        report("oversized headers", CAP_CASES, start, o);
        assertEquals(CAP_CASES, o.get("length"), o.counts.toString());
    }

    @Test
    void lengthsAtOrBelowTheCap_passTheCapCheckAndReachThePayload() {
        int cap = 1 << 20;
        for (int length : new int[] {0, 1, cap - 1, cap}) {
            byte[] header = RawFrames.header(Wire.VERSION, FrameType.TASK.code(), 0, 1, length);
            int present = Math.max(0, Math.min(length - 1, 3)); // always short of the announced length
            byte[] frame = RawFrames.concat(header, new byte[present]);
            try {
                Frame f = new FrameReader(new ByteArrayInputStream(frame), cap).read();
                assertEquals(0, length, "only the empty frame is complete here");
                assertArrayEquals(new byte[0], f.payload());
            } catch (ProtocolException e) {
                assertTrue(e.getMessage().contains("ended inside a TASK frame after " + present + " of "
                        + length), e.getMessage());
            } catch (IOException e) {
                fail(e);
            }
        }
    }
}
