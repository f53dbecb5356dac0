package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated payloads for the decoders that read peer bytes (HELLO, CONFIG, error bodies,
 * RESULT as the coordinator reads it from a worker, with its run-time buckets, TASK as a worker reads it) and for
 * {@link PayloadReader} itself: the only acceptable failure is a {@link ProtocolException}. Kryo
 * bodies are handed to a stand-in decoder that copies them (Kryo has its own tests). Fixed seeds;
 * 430,000 cases (random ones go through all five decoders).
 */
class PayloadDecoderFuzzTest {
    static final int RANDOM_CASES = 120_000;
    static final int MUTATED_CASES_PER_DECODER = 50_000;
    static final int READER_OP_CASES = 60_000;
    private static final String[] PIECES = {"a", "Z", "0", ".", "$", " ", "\u00e9", "\u65e5", "\uD83D\uDE80", ""};

    interface Decoder {
        Object decode(byte[] payload) throws ProtocolException;
    }

    private static final Decoder HELLO = Hello::decode;
    private static final Decoder SETTINGS = WorkerSettings::decode;
    private static final Decoder ERROR = b -> {
        ElementFailure f = ElementFailure.decode(new PayloadReader(b));
        return f.error().format() + f.output();
    };

    private static final Decoder RESULT = b -> {
        ResultPayload r = ResultPayload.decode(b, (buf, off, len) -> java.util.Arrays.copyOfRange(buf, off, off + len));
        return java.util.Arrays.toString(r.ids()) + java.util.Arrays.deepToString(r.values())
                + java.util.Arrays.toString(r.runTimeBuckets()) + java.util.Arrays.toString(r.runTimeCounts());
    };
    private static final Decoder TASK = b -> {
        TaskPayload.Reader r = new TaskPayload.Reader(b);
        StringBuilder sb = new StringBuilder(r.className()).append(r.loaderId());
        while (r.next()) {
            sb.append(r.id()).append(r.skipped()).append(r.paramOffset() + r.paramLength() <= b.length);
        }
        r.expectEnd();
        return sb.toString();
    };

    /** Decodes; returns whether it succeeded; fails the test on anything but ProtocolException. */
    private static boolean tryDecode(Decoder d, byte[] input, String what) {
        try {
            d.decode(input);
            return true;
        } catch (ProtocolException e) {
            return false;
        } catch (Throwable t) {
            throw new AssertionError(what + ": " + t + " for payload " + FrameReaderFuzzTest.hex(input), t);
        }
    }

    private static String randomString(SplittableRandom rnd, boolean nullable) {
        if (nullable && rnd.nextInt(5) == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(0, 12); i > 0; i--) {
            sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** Either raw noise or a soup of plausible tokens (small varints, strings, booleans). */
    private static byte[] randomPayload(SplittableRandom rnd) {
        if (rnd.nextBoolean()) {
            byte[] b = new byte[rnd.nextInt(0, 121)];
            rnd.nextBytes(b);
            return b;
        }
        PayloadWriter w = new PayloadWriter(64);
        for (int i = rnd.nextInt(0, 13); i > 0; i--) {
            switch (rnd.nextInt(5)) {
                case 0 -> w.writeVarInt(rnd.nextInt(0, 20));
                case 1 -> w.writeVarLong(rnd.nextLong() & Long.MAX_VALUE);
                case 2 -> w.writeString(randomString(rnd, true));
                case 3 -> w.writeBoolean(rnd.nextBoolean());
                default -> w.writeByte(rnd.nextInt(256));
            }
        }
        return w.toByteArray();
    }

    private static Hello randomHello(SplittableRandom rnd) {
        return new Hello(rnd.nextLong(0, Long.MAX_VALUE), randomString(rnd, true), rnd.nextLong(0, 1L << 40));
    }

    private static WorkerSettings randomSettings(SplittableRandom rnd) {
        List<String> names = new ArrayList<>();
        for (int i = rnd.nextInt(0, 6); i > 0; i--) {
            names.add(randomString(rnd, false));
        }
        return new WorkerSettings(rnd.nextInt(0, 600), names, rnd.nextInt(Wire.MIN_MAX_FRAME_BYTES, 1 << 30),
                rnd.nextBoolean());
    }

    private static RemoteError randomError(SplittableRandom rnd, int depth) {
        StackTraceElement[] frames = new StackTraceElement[rnd.nextInt(0, 5)];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("p.C" + i, "m" + randomString(rnd, false),
                    rnd.nextBoolean() ? null : "C.java", rnd.nextInt(-2, 70_000));
        }
        RemoteError cause = depth < 3 && rnd.nextBoolean() ? randomError(rnd, depth + 1) : null;
        return new RemoteError("p.E" + randomString(rnd, false), randomString(rnd, true), frames, cause);
    }

    private static byte[] encode(RemoteError e, List<String> output) {
        PayloadWriter w = new PayloadWriter(64);
        new ElementFailure(e, output).encode(w);
        return w.toByteArray();
    }

    /** A valid RESULT payload: OK, SKIPPED and failed elements in random order. */
    private static byte[] randomResult(SplittableRandom rnd, RemoteError e, List<String> output) {
        PayloadWriter items = new PayloadWriter(64);
        int n = rnd.nextInt(0, 5);
        for (int i = 0; i < n; i++) {
            long id = rnd.nextLong(0, 1L << 40);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    ResultPayload.itemHead(items, id, ResultStatus.OK);
                    byte[] body = new byte[rnd.nextInt(0, 9)];
                    rnd.nextBytes(body);
                    items.writeBytes(body, 0, body.length);
                }
                case 1 -> ResultPayload.skipped(items, id);
                default -> ResultPayload.error(items, id, rnd.nextInt(ResultStatus.TASK_THREW, ResultStatus.SKIPPED),
                        encode(e, output));
            }
        }
        PayloadWriter frame = new PayloadWriter(64);
        RunTimeHistogram runTimes = new RunTimeHistogram();
        for (int i = rnd.nextInt(0, n + 1); i > 0; i--) {
            runTimes.record(rnd.nextLong(0, 1L << rnd.nextInt(1, 60)));
        }
        ResultPayload.frame(frame, n, rnd.nextLong(0, 1L << 40), runTimes, items.buffer(), items.size());
        return frame.toByteArray();
    }

    /** A valid TASK payload: parameters and skipped elements. */
    private static byte[] randomTask(SplittableRandom rnd) {
        PayloadWriter p = new PayloadWriter(64);
        int at = TaskPayload.begin(p, rnd.nextInt(0, 4), randomString(rnd, false));
        int n = rnd.nextInt(0, 5);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(4) == 0) {
                TaskPayload.skipped(p, rnd.nextLong(0, 1L << 40));
            } else {
                byte[] param = new byte[rnd.nextInt(0, 9)];
                rnd.nextBytes(param);
                TaskPayload.param(p, rnd.nextLong(0, 1L << 40), param);
            }
        }
        TaskPayload.end(p, at, n);
        return p.toByteArray();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void decoders_randomPayloads_failOnlyWithProtocolException() {
        SplittableRandom rnd = new SplittableRandom(0x5EED_0101L);
        long start = FrameReaderFuzzTest.cpuNanos();
        int[] decoded = new int[5];
        for (int c = 0; c < RANDOM_CASES; c++) {
            byte[] input = randomPayload(rnd);
            decoded[0] += tryDecode(HELLO, input, "Hello case " + c) ? 1 : 0;
            decoded[1] += tryDecode(SETTINGS, input, "WorkerSettings case " + c) ? 1 : 0;
            decoded[2] += tryDecode(ERROR, input, "RemoteError case " + c) ? 1 : 0;
            decoded[3] += tryDecode(RESULT, input, "RESULT case " + c) ? 1 : 0;
            decoded[4] += tryDecode(TASK, input, "TASK case " + c) ? 1 : 0;
        }
        System.out.printf("random payloads: %,d cases x 5 decoders in %d ms CPU, decoded hello=%d settings=%d error=%d"
                + " result=%d task=%d%n", RANDOM_CASES, (FrameReaderFuzzTest.cpuNanos() - start) / 1_000_000,
                decoded[0], decoded[1], decoded[2], decoded[3], decoded[4]);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void decoders_mutatedValidPayloads_failOnlyWithProtocolException() throws ProtocolException {
        SplittableRandom rnd = new SplittableRandom(0x5EED_0102L);
        long start = FrameReaderFuzzTest.cpuNanos();
        int accepted = 0;
        for (int c = 0; c < MUTATED_CASES_PER_DECODER; c++) {
            Hello h = randomHello(rnd);
            WorkerSettings s = randomSettings(rnd);
            RemoteError e = randomError(rnd, 0);
            List<String> output = new ArrayList<>();
            for (int i = rnd.nextInt(4); i > 0; i--) {
                output.add(randomString(rnd, false));
            }
            byte[][] valid = {h.encode(), s.encode(), encode(e, output), randomResult(rnd, e, output),
                randomTask(rnd)};
            assertEquals(h, Hello.decode(valid[0]));
            assertEquals(s, WorkerSettings.decode(valid[1]));
            assertEquals(e.format() + output, ERROR.decode(valid[2]));
            RESULT.decode(valid[3]);
            TASK.decode(valid[4]);
            Decoder[] decoders = {HELLO, SETTINGS, ERROR, RESULT, TASK};
            for (int d = 0; d < decoders.length; d++) {
                byte[] input = valid[d];
                for (int m = rnd.nextInt(1, 5); m > 0; m--) {
                    input = FrameReaderFuzzTest.mutate(input, rnd);
                }
                accepted += tryDecode(decoders[d], input, "decoder " + d + " case " + c) ? 1 : 0;
            }
        }
        System.out.printf("mutated payloads: %,d cases in %d ms CPU, %d decoded to some value%n",
                5 * MUTATED_CASES_PER_DECODER, (FrameReaderFuzzTest.cpuNanos() - start) / 1_000_000, accepted);
        assertTrue(accepted < 5 * MUTATED_CASES_PER_DECODER, "mutations never broke a payload");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void payloadReader_randomOperationsOnRandomBytes_failOnlyWithProtocolException() {
        SplittableRandom rnd = new SplittableRandom(0x5EED_0103L);
        long start = FrameReaderFuzzTest.cpuNanos();
        int completed = 0;
        for (int c = 0; c < READER_OP_CASES; c++) {
            byte[] input = randomPayload(rnd);
            int offset = input.length == 0 ? 0 : rnd.nextInt(input.length);
            PayloadReader r = new PayloadReader(input, offset, rnd.nextInt(input.length - offset + 1));
            try {
                for (int op = rnd.nextInt(1, 9); op > 0; op--) {
                    int before = r.remaining();
                    switch (rnd.nextInt(10)) {
                        case 0 -> r.readByte();
                        case 1 -> r.readBoolean();
                        case 2 -> r.readVarInt();
                        case 3 -> r.readVarLong();
                        case 4 -> r.readInt();
                        case 5 -> r.readLong();
                        case 6 -> r.readString();
                        case 7 -> r.readBytes();
                        case 8 -> r.skip(rnd.nextInt(-2, 6));
                        default -> r.expectEnd();
                    }
                    if (r.remaining() < 0 || r.remaining() > before) {
                        fail("case " + c + ": remaining went from " + before + " to " + r.remaining());
                    }
                }
                completed++;
            } catch (ProtocolException e) {
                // the expected way to fail
            } catch (Throwable t) {
                throw new AssertionError("case " + c + ": " + t + " for " + FrameReaderFuzzTest.hex(input), t);
            }
        }
        System.out.printf("payload reader ops: %,d cases in %d ms CPU, %d ran all operations%n", READER_OP_CASES,
                (FrameReaderFuzzTest.cpuNanos() - start) / 1_000_000, completed);
    }
}
