package io.procpool.protocol;

/**
 * The TASK payload: worker loader id (varint; 0 is the worker's own classpath, any other id was
 * defined by an earlier CLASSPATH frame), task class name, task instance id (varlong; 0 runs the
 * worker's no-arg instance of the class, any other id was defined by an earlier INSTANCE frame,
 * see {@link InstancePayload}), element count (4 bytes, patched in
 * when the batch is complete), then per element its id (varlong) and a {@link TaskItem} kind:
 * {@code PARAM} followed by the length-prefixed Kryo parameter, or {@code SKIPPED} alone.
 *
 * <p>Written on a coordinator writer thread ({@link #begin}, {@link #param}/{@link #skipped},
 * {@link #end}), read element by element on the worker's main thread ({@link Reader}), so a
 * worker can stop between elements when BYE arrives.
 */
public final class TaskPayload {
    /** Bytes an element adds besides its parameter, at most (id, kind, length). */
    public static final int ELEMENT_OVERHEAD = 16;

    private TaskPayload() {}

    /** Starts a TASK payload for the class's no-arg instance in {@code p} (reset first); returns where the count goes. */
    public static int begin(PayloadWriter p, int loaderId, String className) {
        return begin(p, loaderId, className, 0);
    }

    /**
     * Starts a TASK payload in {@code p} (reset first); returns where the count goes.
     *
     * @param instanceId 0 for the class's no-arg instance, else an id defined by an INSTANCE frame
     */
    public static int begin(PayloadWriter p, int loaderId, String className, long instanceId) {
        p.reset().writeVarInt(loaderId).writeString(className).writeVarLong(instanceId);
        int countAt = p.size();
        p.writeInt(0);
        return countAt;
    }

    /** Adds an element with its serialized parameter. */
    public static void param(PayloadWriter p, long id, byte[] bytes) {
        p.writeVarLong(id).writeByte(TaskItem.PARAM).writeBytes(bytes, 0, bytes.length);
    }

    /** Adds an element whose parameter could not be serialized: the worker answers SKIPPED in its place. */
    public static void skipped(PayloadWriter p, long id) {
        p.writeVarLong(id).writeByte(TaskItem.SKIPPED);
    }

    /** Completes the payload with its element count. */
    public static void end(PayloadWriter p, int countAt, int count) {
        p.putInt(countAt, count);
    }

    /** Reads a TASK payload one element at a time. */
    public static final class Reader {
        private final PayloadReader r;
        private final int loaderId;
        private final String className;
        private final long instanceId;
        private final int count;
        private int read;
        private long id;
        private boolean skipped;
        private int paramOffset;
        private int paramLength;

        /** Reads the header. */
        public Reader(byte[] payload) throws ProtocolException {
            r = new PayloadReader(payload);
            loaderId = r.readVarInt();
            className = r.readString();
            if (className == null) {
                throw new ProtocolException("malformed TASK: no task class name");
            }
            instanceId = r.readVarLong();
            count = r.readInt();
            if (count < 0 || count > r.remaining()) {
                throw new ProtocolException("malformed TASK: " + count + " elements in " + r.remaining() + " bytes");
            }
        }

        public int loaderId() {
            return loaderId;
        }

        public String className() {
            return className;
        }

        /** The task instance the elements run on: 0 for the class's no-arg instance. */
        public long instanceId() {
            return instanceId;
        }

        public int count() {
            return count;
        }

        /** Reads the next element; false when all {@link #count()} were read. */
        public boolean next() throws ProtocolException {
            if (read == count) {
                return false;
            }
            read++;
            id = r.readVarLong();
            int kind = r.readByte();
            if (kind == TaskItem.SKIPPED) {
                skipped = true;
                paramOffset = 0;
                paramLength = 0;
            } else if (kind == TaskItem.PARAM) {
                skipped = false;
                paramLength = r.readBytesLength();
                paramOffset = r.position();
                r.skip(paramLength);
            } else {
                throw new ProtocolException("malformed TASK: element kind " + kind);
            }
            return true;
        }

        /** The current element's id. */
        public long id() {
            return id;
        }

        /** Whether the current element's parameter was not sent. */
        public boolean skipped() {
            return skipped;
        }

        /** Where the current element's Kryo parameter starts in the payload. */
        public int paramOffset() {
            return paramOffset;
        }

        public int paramLength() {
            return paramLength;
        }

        /** Checks that nothing follows the last element. */
        public void expectEnd() throws ProtocolException {
            r.expectEnd();
        }
    }
}
