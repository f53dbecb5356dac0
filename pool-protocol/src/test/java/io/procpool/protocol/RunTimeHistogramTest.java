package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunTimeHistogramTest {
    private static final ResultPayload.ValueDecoder COPY = (b, off, len) -> Arrays.copyOfRange(b, off, off + len);

    @Test
    void bucket_boundsContainValue_andWidthAtMostOneSixtyFourth() {
        SplittableRandom rnd = new SplittableRandom(7);
        long[] edges = {0, 1, 127, 128, 129, 255, 256, 1_000, 999_999, 1L << 40, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        for (int i = 0; i < 200_000 + edges.length; i++) {
            long v = i < edges.length ? edges[i] : rnd.nextLong(0, Long.MAX_VALUE) >>> rnd.nextInt(63);
            int b = RunTimeHistogram.bucket(v);
            assertTrue(b >= 0 && b < RunTimeHistogram.BUCKETS, "bucket " + b + " of " + v);
            long lo = RunTimeHistogram.lowest(b);
            long hi = RunTimeHistogram.highest(b);
            assertTrue(lo <= v && v <= hi, v + " not in [" + lo + ", " + hi + "]");
            assertTrue(hi - lo <= Math.max(0, lo / 64), "bucket " + b + " too wide: [" + lo + ", " + hi + "]");
        }
        assertEquals(RunTimeHistogram.BUCKETS - 1, RunTimeHistogram.bucket(Long.MAX_VALUE));
        assertEquals(0, RunTimeHistogram.bucket(-5), "a clock that went backwards counts as 0");
    }

    @Test
    void buckets_areContiguous() {
        for (int b = 0; b < RunTimeHistogram.BUCKETS - 1; b++) {
            assertEquals(RunTimeHistogram.highest(b) + 1, RunTimeHistogram.lowest(b + 1), "gap after bucket " + b);
        }
    }

    @Test
    void valueAt_uniformMicroseconds_withinOnePercent() {
        RunTimeHistogram h = new RunTimeHistogram();
        for (int us = 1; us <= 1000; us++) {
            h.record(us * 1000L);
        }
        assertEquals(1000, h.count());
        assertClose(500_000, h.valueAt(0.5));
        assertClose(900_000, h.valueAt(0.9));
        assertClose(990_000, h.valueAt(0.99));
        assertClose(1_000_000, h.max());
        assertClose(1_000, h.valueAt(0.0001));
        assertEquals(0, new RunTimeHistogram().valueAt(0.5));
    }

    @Test
    void valueAt_skewed_findsTail() {
        RunTimeHistogram h = new RunTimeHistogram();
        for (int i = 0; i < 980; i++) {
            h.record(2_000); // 2 us
        }
        for (int i = 0; i < 20; i++) {
            h.record(50_000_000); // 50 ms
        }
        assertClose(2_000, h.valueAt(0.5));
        assertClose(2_000, h.valueAt(0.98));
        assertClose(50_000_000, h.valueAt(0.99));
        assertClose(50_000_000, h.max());
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 100, "expected about " + expected + ", was " + actual);
    }

    @Test
    void resultFrame_carriesRunTimes_andClearsRecorder() throws ProtocolException {
        RunTimeHistogram worker = new RunTimeHistogram();
        worker.record(1_500);
        worker.record(1_500);
        worker.record(3_000_000);
        PayloadWriter items = new PayloadWriter(16);
        for (long id = 1; id <= 3; id++) {
            ResultPayload.itemHead(items, id, ResultStatus.OK);
            items.writeBytes(new byte[] {(byte) id}, 0, 1);
        }
        ResultPayload.skipped(items, 4);
        PayloadWriter frame = new PayloadWriter(16);
        ResultPayload.frame(frame, 4, 3_003_000, worker, items.buffer(), items.size());
        assertEquals(0, worker.count(), "writing a frame clears the recorder");

        ResultPayload res = ResultPayload.decode(frame.toByteArray(), COPY);
        assertArrayEquals(new int[] {RunTimeHistogram.bucket(1_500), RunTimeHistogram.bucket(3_000_000)},
                res.runTimeBuckets());
        assertArrayEquals(new long[] {2, 1}, res.runTimeCounts());
        assertArrayEquals(new long[] {1, 2, 3, 4}, res.ids());

        RunTimeHistogram pool = new RunTimeHistogram();
        pool.add(res);
        pool.add(res);
        assertEquals(6, pool.count());
        assertClose(1_500, pool.valueAt(0.5));
        assertClose(3_000_000, pool.max());

        // the recorder starts afresh for the next frame
        worker.record(7_000);
        ResultPayload.frame(frame, 1, 7_000, worker, new byte[0], 0);
        assertArrayEquals(new int[] {RunTimeHistogram.bucket(7_000)}, runTimesOnly(frame.toByteArray(), 1));
    }

    /** Decodes only the header and run-time section (no items follow in this frame). */
    private static int[] runTimesOnly(byte[] payload, int n) {
        PayloadReader r = new PayloadReader(payload);
        try {
            assertEquals(n, r.readVarInt());
            r.readVarLong();
            int k = r.readVarInt();
            int[] buckets = new int[k];
            int prev = -1;
            for (int i = 0; i < k; i++) {
                prev += 1 + r.readVarInt();
                buckets[i] = prev;
                r.readVarLong();
            }
            return buckets;
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    /** A RESULT payload with one OK element and a hand-written run-time section. */
    private static byte[] withSection(int n, long... gapsAndCounts) {
        PayloadWriter w = new PayloadWriter(32);
        w.writeVarInt(n).writeVarLong(10).writeVarInt(gapsAndCounts.length / 2);
        for (long v : gapsAndCounts) {
            w.writeVarLong(v);
        }
        for (int i = 0; i < n; i++) {
            ResultPayload.itemHead(w, i, ResultStatus.OK);
            w.writeBytes(new byte[] {1}, 0, 1);
        }
        return w.toByteArray();
    }

    @Test
    void decode_malformedRunTimes_rejected() throws ProtocolException {
        ResultPayload ok = ResultPayload.decode(withSection(2, 5, 1, 0, 1), COPY);
        assertArrayEquals(new int[] {5, 6}, ok.runTimeBuckets());

        String[] cases = {"bucket index past the last", "zero count", "more run times than elements",
            "more buckets than elements"};
        byte[][] bad = {
            withSection(1, RunTimeHistogram.BUCKETS, 1),
            withSection(1, 3, 0),
            withSection(2, 3, 2, 0, 1),
            withSection(1, 3, 1, 0, 1),
        };
        for (int i = 0; i < bad.length; i++) {
            byte[] b = bad[i];
            ProtocolException e = assertThrows(ProtocolException.class, () -> ResultPayload.decode(b, COPY), cases[i]);
            assertTrue(e.getMessage().startsWith("malformed RESULT"), e.getMessage());
        }
    }
}
