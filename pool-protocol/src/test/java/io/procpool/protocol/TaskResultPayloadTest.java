package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskResultPayloadTest {
    private static final ResultPayload.ValueDecoder COPY = (b, off, len) -> Arrays.copyOfRange(b, off, off + len);

    @Test
    void task_roundTrip_paramsAndSkippedInOrder() throws ProtocolException {
        PayloadWriter p = new PayloadWriter(16);
        int at = TaskPayload.begin(p, 3, "com.x.Task");
        TaskPayload.param(p, 7, new byte[] {1, 2, 3});
        TaskPayload.skipped(p, 8);
        TaskPayload.param(p, 9, new byte[0]);
        TaskPayload.end(p, at, 3);
        byte[] payload = p.toByteArray();

        TaskPayload.Reader r = new TaskPayload.Reader(payload);
        assertEquals(3, r.loaderId());
        assertEquals("com.x.Task", r.className());
        assertEquals(3, r.count());
        assertTrue(r.next());
        assertEquals(7, r.id());
        assertFalse(r.skipped());
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(payload, r.paramOffset(), r.paramOffset() + r.paramLength()));
        assertTrue(r.next());
        assertEquals(8, r.id());
        assertTrue(r.skipped());
        assertTrue(r.next());
        assertEquals(0, r.paramLength());
        assertFalse(r.next());
        r.expectEnd();
    }

    @Test
    void task_countLargerThanPayload_rejectedBeforeAllocating() {
        PayloadWriter p = new PayloadWriter(16);
        int at = TaskPayload.begin(p, 0, "T");
        TaskPayload.end(p, at, 1_000_000);
        ProtocolException e = assertThrows(ProtocolException.class, () -> new TaskPayload.Reader(p.toByteArray()));
        assertTrue(e.getMessage().startsWith("malformed TASK"), e.getMessage());
    }

    @Test
    void task_unknownKind_rejected() throws ProtocolException {
        PayloadWriter p = new PayloadWriter(16);
        int at = TaskPayload.begin(p, 0, "T");
        p.writeVarLong(1).writeByte(9);
        TaskPayload.end(p, at, 1);
        TaskPayload.Reader r = new TaskPayload.Reader(p.toByteArray());
        assertThrows(ProtocolException.class, r::next);
    }

    static byte[] results(long runNanos) {
        PayloadWriter items = new PayloadWriter(16);
        ResultPayload.itemHead(items, 1, ResultStatus.OK);
        items.writeBytes(new byte[] {42}, 0, 1);
        ResultPayload.skipped(items, 2);
        PayloadWriter failure = new PayloadWriter(16);
        new ElementFailure(RemoteError.message("p.E", "boom"), List.of("line")).encode(failure);
        ResultPayload.error(items, 3, ResultStatus.TASK_THREW, failure.toByteArray());
        PayloadWriter frame = new PayloadWriter(16);
        ResultPayload.frame(frame, 3, runNanos, items.buffer(), items.size());
        return frame.toByteArray();
    }

    @Test
    void result_roundTrip_okSkippedAndFailure() throws ProtocolException {
        ResultPayload r = ResultPayload.decode(results(1234), COPY);
        assertEquals(1234, r.runNanos());
        assertArrayEquals(new long[] {1, 2, 3}, r.ids());
        assertEquals(ResultStatus.OK, r.status(0));
        assertArrayEquals(new byte[] {42}, (byte[]) r.values()[0]);
        assertEquals(ResultStatus.SKIPPED, r.status(1));
        assertNull(r.values()[1]);
        ElementFailure f = (ElementFailure) r.values()[2];
        assertEquals("boom", f.error().message());
        assertEquals(List.of("line"), f.output());
    }

    @Test
    void result_unknownStatusOrSkippedWithBody_rejected() {
        PayloadWriter items = new PayloadWriter(16);
        ResultPayload.itemHead(items, 1, 77);
        items.writeVarInt(0);
        PayloadWriter frame = new PayloadWriter(16);
        ResultPayload.frame(frame, 1, 0, items.buffer(), items.size());
        assertThrows(ProtocolException.class, () -> ResultPayload.decode(frame.toByteArray(), COPY));

        items.reset();
        ResultPayload.itemHead(items, 1, ResultStatus.SKIPPED);
        items.writeBytes(new byte[] {1}, 0, 1);
        ResultPayload.frame(frame, 1, 0, items.buffer(), items.size());
        ProtocolException e = assertThrows(ProtocolException.class, () -> ResultPayload.decode(frame.toByteArray(), COPY));
        assertTrue(e.getMessage().contains("SKIPPED with a 1-byte body"), e.getMessage());
    }
}
