package io.procpool.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InstancePayloadTest {
    @Test
    void instance_roundTrip_bytesAndDroppedIds() throws ProtocolException {
        PayloadWriter p = new PayloadWriter(8);
        InstancePayload.write(p, 300, 2, "com.x.Resize", new byte[] {5, 6, 7}, new long[] {1, 129});

        InstancePayload d = InstancePayload.decode(p.toByteArray());

        assertEquals(300, d.id());
        assertEquals(2, d.loaderId());
        assertEquals("com.x.Resize", d.className());
        assertArrayEquals(new byte[] {5, 6, 7},
                Arrays.copyOfRange(d.payload(), d.bytesOffset(), d.bytesOffset() + d.bytesLength()));
        assertArrayEquals(new long[] {1, 129}, d.dropped());
    }

    @Test
    void instance_idZero_rejected() {
        PayloadWriter p = new PayloadWriter(8);
        InstancePayload.write(p, 0, 0, "T", new byte[] {1}, new long[0]);

        ProtocolException e = assertThrows(ProtocolException.class, () -> InstancePayload.decode(p.toByteArray()));
        assertTrue(e.getMessage().startsWith("malformed INSTANCE"), e.getMessage());
    }

    @Test
    void instance_droppedCountLargerThanPayload_rejected() {
        PayloadWriter p = new PayloadWriter(8);
        p.writeVarLong(1).writeVarInt(0).writeString("T").writeBytes(new byte[] {1}, 0, 1).writeVarInt(1000);

        ProtocolException e = assertThrows(ProtocolException.class, () -> InstancePayload.decode(p.toByteArray()));
        assertTrue(e.getMessage().startsWith("malformed INSTANCE"), e.getMessage());
    }

    @Test
    void instance_trailingBytes_rejected() {
        PayloadWriter p = new PayloadWriter(8);
        InstancePayload.write(p, 1, 0, "T", new byte[] {1}, new long[0]);
        p.writeByte(0);

        assertThrows(ProtocolException.class, () -> InstancePayload.decode(p.toByteArray()));
    }

    @Test
    void task_instanceId_roundTrips_andZeroByDefault() throws ProtocolException {
        PayloadWriter p = new PayloadWriter(8);
        TaskPayload.end(p, TaskPayload.begin(p, 1, "T", 1L << 40), 0);
        assertEquals(1L << 40, new TaskPayload.Reader(p.toByteArray()).instanceId());

        TaskPayload.end(p, TaskPayload.begin(p, 1, "T"), 0);
        assertEquals(0, new TaskPayload.Reader(p.toByteArray()).instanceId());
    }
}
