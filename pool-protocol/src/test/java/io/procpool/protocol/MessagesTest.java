package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
    // ---- Hello

    @Test
    void hello_roundTrip_keepsEveryField() throws ProtocolException {
        for (Hello h : List.of(new Hello(12345, "17.0.9", 180), new Hello(0, "", 0),
                new Hello(Long.MAX_VALUE, "21-ea+3-\u00e9", Long.MAX_VALUE), new Hello(1, null, 2))) {
            assertEquals(h, Hello.decode(h.encode()));
        }
    }

    @Test
    void helloDecode_trailingOrMissingBytes_isMalformed() {
        byte[] ok = new Hello(1, "17", 2).encode();
        assertThrows(ProtocolException.class, () -> Hello.decode(Arrays.copyOf(ok, ok.length + 1)));
        for (int n = 0; n < ok.length; n++) {
            byte[] cut = Arrays.copyOf(ok, n);
            assertThrows(ProtocolException.class, () -> Hello.decode(cut), "cut at " + n);
        }
    }

    // ---- WorkerSettings

    @Test
    void workerSettings_roundTrip_keepsEveryFieldAndOrder() throws ProtocolException {
        List<WorkerSettings> all = List.of(new WorkerSettings(0, List.of(), Wire.MIN_MAX_FRAME_BYTES, false),
                new WorkerSettings(7, List.of("com.example.Point", "com.example.Ünïcode$Inner", ""),
                        Wire.DEFAULT_MAX_FRAME_BYTES, true),
                new WorkerSettings(Integer.MAX_VALUE, List.of("a"), Integer.MAX_VALUE, true));
        for (WorkerSettings s : all) {
            assertEquals(s, WorkerSettings.decode(s.encode()));
        }
    }

    @Test
    void workerSettings_copiesTheListDefensively() {
        List<String> names = new ArrayList<>(List.of("a"));
        WorkerSettings s = new WorkerSettings(1, names, 4096, false);
        names.add("b");
        assertEquals(List.of("a"), s.registeredClasses());
    }

    @Test
    void workerSettingsDecode_nullClassName_isMalformedNotNullPointer() {
        byte[] payload = new PayloadWriter(16).writeVarInt(1).writeVarInt(1).writeString(null).writeVarInt(4096)
                .writeBoolean(false).toByteArray();
        ProtocolException e = assertThrows(ProtocolException.class, () -> WorkerSettings.decode(payload));
        assertTrue(e.getMessage().contains("CONFIG"), e.getMessage());
    }

    @Test
    void workerSettingsDecode_countAboveRemainingBytes_isMalformedBeforeAllocating() {
        byte[] payload = new PayloadWriter(16).writeVarInt(1).writeVarInt(Integer.MAX_VALUE).toByteArray();
        long allocated = Allocations.during(() -> assertThrows(ProtocolException.class,
                () -> WorkerSettings.decode(payload)));
        assertTrue(allocated < 1 << 20, "allocated " + allocated);
    }

    @Test
    void workerSettingsDecode_truncatedOrTrailing_isMalformed() {
        byte[] ok = new WorkerSettings(3, List.of("x.Y", "z.W"), 1 << 20, true).encode();
        for (int n = 0; n < ok.length; n++) {
            byte[] cut = Arrays.copyOf(ok, n);
            assertThrows(ProtocolException.class, () -> WorkerSettings.decode(cut), "cut at " + n);
        }
        assertThrows(ProtocolException.class, () -> WorkerSettings.decode(Arrays.copyOf(ok, ok.length + 1)));
    }

    // ---- RemoteError

    private static RemoteError roundTrip(RemoteError e) throws ProtocolException {
        PayloadWriter w = new PayloadWriter(64);
        e.encode(w);
        w.writeByte(0x5A); // something after the error, as in a RESULT frame
        PayloadReader r = new PayloadReader(w.toByteArray());
        RemoteError back = RemoteError.decode(r);
        assertEquals(0x5A, r.readByte(), "decode must consume exactly the error");
        r.expectEnd();
        return back;
    }

    private static void assertSameError(RemoteError expected, RemoteError actual) {
        while (expected != null) {
            assertNotNull(actual, "cause chain too short");
            assertEquals(expected.className(), actual.className());
            assertEquals(expected.message(), actual.message());
            assertEquals(expected.stackTrace().length, actual.stackTrace().length);
            for (int i = 0; i < expected.stackTrace().length; i++) {
                StackTraceElement a = expected.stackTrace()[i];
                StackTraceElement b = actual.stackTrace()[i];
                assertEquals(a.getClassName(), b.getClassName());
                assertEquals(a.getMethodName(), b.getMethodName());
                assertEquals(a.getFileName(), b.getFileName());
                assertEquals(Math.max(-2, a.getLineNumber()), b.getLineNumber());
            }
            expected = expected.cause();
            actual = actual.cause();
        }
        assertNull(actual, "cause chain too long");
    }

    private static StackTraceElement frame(String cls, String method, String file, int line) {
        return new StackTraceElement(cls, method, file, line);
    }

    @Test
    void remoteError_ofRealThrowableWithCauses_roundTripsClassMessageFramesAndChain() throws ProtocolException {
        IllegalStateException t = new IllegalStateException("outer",
                new UncheckedIOException("middle", new IOException((String) null)));
        RemoteError e = RemoteError.of(t);
        assertEquals("java.lang.IllegalStateException", e.className());
        assertEquals("java.io.UncheckedIOException", e.cause().className());
        assertEquals("java.io.IOException", e.cause().cause().className());
        assertNull(e.cause().cause().message());
        assertNull(e.cause().cause().cause());
        assertTrue(e.stackTrace().length > 0);
        assertSameError(e, roundTrip(e));
    }

    @Test
    void remoteError_specialLineNumbersAndNullFile_survive() throws ProtocolException {
        StackTraceElement[] frames = {frame("a.B", "nativeCall", null, -2), frame("a.B", "unknown", "B.java", -1),
            frame("a.B", "zero", "B.java", 0), frame("a.B", "max", "B.java", 65535),
            frame("a.B", "veryNegative", "B.java", -1000)};
        RemoteError e = new RemoteError("a.Boom", null, frames, null);
        RemoteError back = roundTrip(e);
        assertSameError(e, back);
        assertEquals(-2, back.stackTrace()[0].getLineNumber());
        assertTrue(back.stackTrace()[0].isNativeMethod());
        assertNull(back.stackTrace()[0].getFileName());
        assertEquals(-2, back.stackTrace()[4].getLineNumber(), "below -2 is clamped to native");
    }

    @Test
    void remoteErrorEncode_syntheticHugeLineNumber_doesNotThrow() throws ProtocolException {
        RemoteError e = new RemoteError("a.Boom", "m",
                new StackTraceElement[] {frame("a.B", "gen", "B.kt", Integer.MAX_VALUE)}, null);
        RemoteError back = roundTrip(e);
        assertTrue(back.stackTrace()[0].getLineNumber() > 65535, "line " + back.stackTrace()[0].getLineNumber());
    }

    @Test
    void remoteError_message_hasNoFrames() throws ProtocolException {
        RemoteError e = RemoteError.message("io.procpool.Unreadable", "cannot read \u00e9");
        assertSameError(e, roundTrip(e));
        assertEquals("io.procpool.Unreadable: cannot read \u00e9\n", e.format());
    }

    @Test
    void remoteErrorOf_longStack_isCutTo256Frames() throws ProtocolException {
        StackTraceElement[] many = new StackTraceElement[1000];
        Arrays.fill(many, frame("a.B", "rec", "B.java", 1));
        RuntimeException t = new RuntimeException("deep");
        t.setStackTrace(many);
        RemoteError e = RemoteError.of(t);
        assertEquals(256, e.stackTrace().length);
        assertEquals(256, roundTrip(e).stackTrace().length);
    }

    @Test
    void remoteErrorOf_causeCycle_stopsAtDepthLimitAndStillRoundTrips() throws ProtocolException {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        RemoteError e = RemoteError.of(a);
        int depth = 0;
        for (RemoteError x = e; x != null; x = x.cause()) {
            depth++;
        }
        assertEquals(17, depth);
        assertSameError(e, roundTrip(e));
    }

    @Test
    void remoteErrorFormat_looksLikePrintStackTrace() {
        RemoteError e = new RemoteError("x.Outer", "top", new StackTraceElement[] {frame("x.A", "run", "A.java", 3)},
                new RemoteError("x.Inner", null, new StackTraceElement[] {frame("x.C", "go", null, -2)}, null));
        assertEquals("x.Outer: top\n\tat x.A.run(A.java:3)\nCaused by: x.Inner\n\tat x.C.go(Native Method)\n",
                e.format());
    }

    @Test
    void remoteErrorDecode_badDepthOrFrameCount_isMalformed() {
        for (int depth : new int[] {0, 18, Integer.MAX_VALUE}) {
            byte[] b = new PayloadWriter(8).writeVarInt(depth).toByteArray();
            ProtocolException e = assertThrows(ProtocolException.class, () -> RemoteError.decode(new PayloadReader(b)));
            assertTrue(e.getMessage().contains("depth " + depth), e.getMessage());
        }
        byte[] frames = new PayloadWriter(8).writeVarInt(1).writeString("x.Y").writeString(null).writeVarInt(257)
                .writeRaw(new byte[4 * 257], 0, 4 * 257).toByteArray();
        assertThrows(ProtocolException.class, () -> RemoteError.decode(new PayloadReader(frames)));
        byte[] tooManyForBytes = new PayloadWriter(8).writeVarInt(1).writeString("x.Y").writeString(null)
                .writeVarInt(200).toByteArray();
        assertThrows(ProtocolException.class, () -> RemoteError.decode(new PayloadReader(tooManyForBytes)));
    }

    @Test
    void remoteErrorDecode_missingClassOrMethodName_isMalformed() {
        byte[] noClass = new PayloadWriter(8).writeVarInt(1).writeString(null).writeString("m").writeVarInt(0)
                .toByteArray();
        assertTrue(assertThrows(ProtocolException.class, () -> RemoteError.decode(new PayloadReader(noClass)))
                .getMessage().contains("no class name"));
        byte[] noMethod = new PayloadWriter(8).writeVarInt(1).writeString("x.Y").writeString("m").writeVarInt(1)
                .writeString("x.Z").writeString(null).writeString("Z.java").writeVarInt(5).toByteArray();
        assertTrue(assertThrows(ProtocolException.class, () -> RemoteError.decode(new PayloadReader(noMethod)))
                .getMessage().contains("without class or method"));
    }

    @Test
    void remoteErrorDecode_everyTruncation_isMalformed() {
        PayloadWriter w = new PayloadWriter(64);
        RemoteError.of(new IllegalArgumentException("x", new RuntimeException("y"))).encode(w);
        byte[] ok = w.toByteArray();
        for (int n = 0; n < ok.length; n++) {
            byte[] cut = Arrays.copyOf(ok, n);
            assertThrows(ProtocolException.class, () -> RemoteError.decode(new PayloadReader(cut)), "cut at " + n);
        }
    }

    @Test
    void resultStatus_knownCodesOnly() {
        for (int s = ResultStatus.OK; s <= ResultStatus.SKIPPED; s++) {
            assertTrue(ResultStatus.isKnown(s));
        }
        assertFalse(ResultStatus.isKnown(-1));
        assertFalse(ResultStatus.isKnown(6));
        assertEquals(0, ResultStatus.OK);
        assertEquals(4, ResultStatus.TASK_CLASS_UNUSABLE);
        assertEquals(5, ResultStatus.SKIPPED);
    }
}
