package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameRoundTripTest {
    private static final int CAP = 16 << 20;

    private static Frame readOne(byte[] bytes, int cap) throws IOException {
        return new FrameReader(new ByteArrayInputStream(bytes), cap).read();
    }

    private static void assertFrame(FrameType type, long corr, byte[] payload, Frame f) {
        assertNotNull(f, "expected a frame, got end of stream");
        assertEquals(type, f.type());
        assertEquals(0, f.flags());
        assertEquals(corr, f.correlationId());
        assertArrayEquals(payload, f.payload());
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void roundTrip_everyType_keepsTypeCorrelationAndPayload(FrameType type) throws IOException {
        byte[] payload = {1, 2, 3, (byte) 0xF7, 'P', 'P', 'L', 0, -1};
        byte[] bytes = RawFrames.written(type, 42L + type.code(), payload);
        assertEquals(Wire.HEADER_BYTES + payload.length, bytes.length);
        assertFrame(type, 42L + type.code(), payload, readOne(bytes, CAP));
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void writer_everyType_matchesDocumentedLayoutByteForByte(FrameType type) {
        byte[] payload = {9, 8, 7};
        assertArrayEquals(RawFrames.frame(Wire.VERSION, type.code(), 0, 0x0102030405060708L, payload),
                RawFrames.written(type, 0x0102030405060708L, payload));
    }

    @Test
    void frameTypeCodes_areStableAndResolveBack() {
        int[] expected = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        FrameType[] types = FrameType.values();
        assertEquals(expected.length, types.length);
        for (int i = 0; i < types.length; i++) {
            assertEquals(expected[i], types[i].code());
            assertEquals(types[i], FrameType.ofCode(expected[i]));
        }
        assertNull(FrameType.ofCode(0));
        assertNull(FrameType.ofCode(10));
        assertNull(FrameType.ofCode(-1));
        assertNull(FrameType.ofCode(255));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L, 0xFFFF_FFFFL})
    void roundTrip_extremeCorrelationIds_arePreserved(long corr) throws IOException {
        assertFrame(FrameType.RESULT, corr, new byte[0], readOne(RawFrames.written(FrameType.RESULT, corr,
                new byte[0]), CAP));
    }

    @Test
    void roundTrip_emptyPayload_givesEmptyArrayNotNull() throws IOException {
        Frame f = readOne(RawFrames.written(FrameType.BYE, 0, new byte[0]), 0);
        assertFrame(FrameType.BYE, 0, new byte[0], f);
    }

    @Test
    void frameEmpty_hasNoBodyAndZeroIds() {
        Frame f = Frame.empty(FrameType.READY);
        assertEquals(FrameType.READY, f.type());
        assertEquals(0, f.flags());
        assertEquals(0, f.correlationId());
        assertEquals(0, f.payload().length);
    }

    @Test
    void roundTrip_largePayloadExactlyAtCap_isAccepted() throws IOException {
        byte[] payload = new byte[5 << 20];
        new SplittableRandom(1).nextBytes(payload);
        Frame f = readOne(RawFrames.written(FrameType.TASK, 7, payload), payload.length);
        assertFrame(FrameType.TASK, 7, payload, f);
    }

    @Test
    void write_withOffsetAndLength_sendsOnlyThatSlice() throws IOException {
        byte[] big = {10, 11, 12, 13, 14, 15};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out);
        w.write(FrameType.RESULT, 3, big, 2, 3);
        w.write(FrameType.RESULT, 4, big, 6, 0);
        w.flush();
        FrameReader r = new FrameReader(new ByteArrayInputStream(out.toByteArray()), CAP);
        assertFrame(FrameType.RESULT, 3, new byte[] {12, 13, 14}, r.read());
        assertFrame(FrameType.RESULT, 4, new byte[0], r.read());
        assertNull(r.read());
    }

    @Test
    void read_manyFramesBackToBack_allComeOutInOrderThenNull() throws IOException {
        SplittableRandom rnd = new SplittableRandom(2);
        FrameType[] types = FrameType.values();
        List<Frame> sent = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out);
        for (int i = 0; i < 10_000; i++) {
            byte[] payload = new byte[rnd.nextInt(0, 64)];
            rnd.nextBytes(payload);
            FrameType type = types[rnd.nextInt(types.length)];
            long corr = rnd.nextLong();
            w.write(type, corr, payload);
            sent.add(new Frame(type, 0, corr, payload));
        }
        w.flush();
        FrameReader r = new FrameReader(new ByteArrayInputStream(out.toByteArray()), 64);
        for (Frame s : sent) {
            assertFrame(s.type(), s.correlationId(), s.payload(), r.read());
        }
        assertNull(r.read());
        assertNull(r.read(), "end of stream stays end of stream");
    }

    @Test
    void read_streamThatDeliversOneByteAtATime_stillAssemblesFrames() throws IOException {
        byte[] p1 = new byte[300];
        new SplittableRandom(3).nextBytes(p1);
        byte[] bytes = RawFrames.concat(RawFrames.written(FrameType.HELLO, 1, p1),
                RawFrames.written(FrameType.READY, 2, new byte[0]));
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        FrameReader r = new FrameReader(trickle, CAP);
        assertFrame(FrameType.HELLO, 1, p1, r.read());
        assertFrame(FrameType.READY, 2, new byte[0], r.read());
        assertNull(r.read());
    }

    @Test
    void read_emptyStream_returnsNull() throws IOException {
        assertNull(readOne(new byte[0], CAP));
    }

    @Test
    void read_streamSignallingEndWithEofException_returnsNullBetweenFrames() throws IOException {
        byte[] frame = RawFrames.written(FrameType.READY, 5, new byte[] {1});
        InputStream in = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= frame.length) {
                    throw new EOFException("like DataInputStream");
                }
                return frame[pos++] & 0xFF;
            }
        };
        FrameReader r = new FrameReader(in, CAP);
        assertFrame(FrameType.READY, 5, new byte[] {1}, r.read());
        assertNull(r.read());
    }

    @Test
    void constructor_negativeCap_isRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameReader(new ByteArrayInputStream(new byte[0]), -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    @Timeout(60)
    void roundTrip_acrossRealPipeWithWriterThread_deliversEveryFrameInOrder() throws Exception {
        PipedInputStream pin = new PipedInputStream(64 << 10);
        PipedOutputStream pout = new PipedOutputStream(pin);
        SplittableRandom rnd = new SplittableRandom(4);
        FrameType[] types = FrameType.values();
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int size = i % 500 == 499 ? 1 << 20 : rnd.nextInt(0, 2_000);
            byte[] payload = new byte[size];
            rnd.nextBytes(payload);
            frames.add(new Frame(types[rnd.nextInt(types.length)], 0, rnd.nextLong(), payload));
        }
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = exec.submit(() -> {
                try (BufferedOutputStream out = new BufferedOutputStream(pout, 8192)) {
                    FrameWriter w = new FrameWriter(out);
                    for (int i = 0; i < frames.size(); i++) {
                        Frame f = frames.get(i);
                        w.write(f.type(), f.correlationId(), f.payload());
                        if (i % 7 == 0) {
                            w.flush();
                        }
                    }
                    w.flush();
                }
                return null;
            });
            FrameReader r = new FrameReader(pin, 1 << 20);
            for (Frame f : frames) {
                assertFrame(f.type(), f.correlationId(), f.payload(), r.read());
            }
            assertNull(r.read());
            writer.get(30, TimeUnit.SECONDS);
        } finally {
            exec.shutdownNow();
            assertTrue(exec.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(60)
    void read_acrossPipe_frameWrittenInTwoParts_isReassembled() throws Exception {
        PipedInputStream pin = new PipedInputStream(1024);
        PipedOutputStream pout = new PipedOutputStream(pin);
        byte[] bytes = RawFrames.written(FrameType.TASK, 9, new byte[] {1, 2, 3, 4, 5});
        CompletableFuture<Frame> read = CompletableFuture.supplyAsync(() -> {
            try {
                return new FrameReader(pin, 1024).read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        pout.write(bytes, 0, 10);
        pout.flush();
        pout.write(bytes, 10, bytes.length - 10);
        pout.close();
        assertFrame(FrameType.TASK, 9, new byte[] {1, 2, 3, 4, 5}, read.get(30, TimeUnit.SECONDS));
    }
}
