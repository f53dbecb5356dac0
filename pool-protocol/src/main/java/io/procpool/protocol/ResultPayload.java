package io.procpool.protocol;

/**
 * The RESULT payload: count (varint), the run time of these elements in nanoseconds (varlong),
 * their run times as histogram buckets ({@link RunTimeHistogram}: number of non-empty buckets
 * (varint), then per bucket the gap to the previous bucket index (varint; the first is its index)
 * and its count (varlong, at least 1); the counts add up to at most the element count, since
 * skipped elements did not run), then per element its id (varlong), a {@link ResultStatus} byte
 * and a length-prefixed body: the Kryo result for {@code OK}, an {@link ElementFailure} for a
 * failure, empty for {@code SKIPPED}.
 *
 * <p>The worker builds the items as its elements finish ({@link #itemHead}, {@link #error},
 * {@link #skipped}) and wraps them in a frame ({@link #frame}); the coordinator reads peer bytes
 * with {@link #decode}, which rejects any malformed payload with a {@link ProtocolException}
 * (covered by {@code PayloadDecoderFuzzTest}). An instance is one decoded frame.
 */
public final class ResultPayload {
    /** Turns the body of an {@code OK} element into a value; must not throw (wrap failures in a value). */
    public interface ValueDecoder {
        Object decode(byte[] buffer, int offset, int length);
    }

    private static final int[] NO_BUCKETS = new int[0];
    private static final long[] NO_COUNTS = new long[0];

    private final long runNanos;
    private int[] runTimeBuckets = NO_BUCKETS;
    private long[] runTimeCounts = NO_COUNTS;
    private final long[] ids;
    private final int[] statuses;
    private final Object[] values;

    private ResultPayload(long runNanos, int n) {
        this.runNanos = runNanos;
        this.ids = new long[n];
        this.statuses = new int[n];
        this.values = new Object[n];
    }

    /** Starts an element: id and status; the body follows ({@code KryoCodec.writeTo} for OK). */
    public static void itemHead(PayloadWriter items, long id, int status) {
        items.writeVarLong(id).writeByte(status);
    }

    /** Adds a failed element with its encoded {@link ElementFailure}. */
    public static void error(PayloadWriter items, long id, int status, byte[] failure) {
        itemHead(items, id, status);
        items.writeBytes(failure, 0, failure.length);
    }

    /** Adds the answer for an element whose parameter the coordinator could not send. */
    public static void skipped(PayloadWriter items, long id) {
        itemHead(items, id, ResultStatus.SKIPPED);
        items.writeVarInt(0);
    }

    /** Writes a whole payload into {@code frame} (reset first) from {@code count} encoded items, with no run times. */
    public static void frame(PayloadWriter frame, int count, long runNanos, byte[] items, int length) {
        frame(frame, count, runNanos, null, items, length);
    }

    /**
     * Writes a whole payload into {@code frame} (reset first) from {@code count} encoded items and
     * the run times in {@code runTimes} (null: none), which are cleared.
     */
    public static void frame(PayloadWriter frame, int count, long runNanos, RunTimeHistogram runTimes, byte[] items,
            int length) {
        frame.reset().writeVarInt(count).writeVarLong(runNanos);
        if (runTimes == null) {
            frame.writeVarInt(0);
        } else {
            runTimes.writeTo(frame);
        }
        frame.writeRaw(items, 0, length);
    }

    /** Decodes a RESULT payload; {@code ok} reads each OK body. */
    public static ResultPayload decode(byte[] payload, ValueDecoder ok) throws ProtocolException {
        PayloadReader r = new PayloadReader(payload);
        int n = r.readVarInt();
        if (n > r.remaining()) {
            throw new ProtocolException("malformed RESULT: " + n + " items in " + r.remaining() + " bytes");
        }
        ResultPayload res = new ResultPayload(r.readVarLong(), n);
        res.readRunTimes(r, n);
        for (int i = 0; i < n; i++) {
            res.ids[i] = r.readVarLong();
            int status = r.readByte();
            if (!ResultStatus.isKnown(status)) {
                throw new ProtocolException("malformed RESULT: unknown status " + status);
            }
            res.statuses[i] = status;
            int len = r.readBytesLength();
            int off = r.position();
            if (status == ResultStatus.OK) {
                r.skip(len);
                res.values[i] = ok.decode(payload, off, len);
            } else if (status == ResultStatus.SKIPPED) {
                if (len != 0) {
                    throw new ProtocolException("malformed RESULT: SKIPPED with a " + len + "-byte body");
                }
            } else {
                r.skip(len);
                PayloadReader body = new PayloadReader(payload, off, len);
                res.values[i] = ElementFailure.decode(body);
                body.expectEnd();
            }
        }
        r.expectEnd();
        return res;
    }

    private void readRunTimes(PayloadReader r, int n) throws ProtocolException {
        int k = r.readVarInt();
        if (k == 0) {
            return;
        }
        if (k > r.remaining() / 2 || k > n) {
            throw new ProtocolException("malformed RESULT: " + k + " run-time buckets for " + n + " items in "
                    + r.remaining() + " bytes");
        }
        runTimeBuckets = new int[k];
        runTimeCounts = new long[k];
        long b = -1;
        long sum = 0;
        for (int i = 0; i < k; i++) {
            b += 1L + r.readVarInt();
            long count = r.readVarLong();
            if (b >= RunTimeHistogram.BUCKETS || count < 1 || count > n - sum) {
                throw new ProtocolException("malformed RESULT: run-time bucket " + b + " with count " + count
                        + " (" + sum + " of " + n + " items counted before)");
            }
            sum += count;
            runTimeBuckets[i] = (int) b;
            runTimeCounts[i] = count;
        }
    }

    /** Indexes of the {@link RunTimeHistogram} buckets these elements' run times fell in, ascending (the array itself). */
    public int[] runTimeBuckets() {
        return runTimeBuckets;
    }

    /** How many run times fell in each of {@link #runTimeBuckets()} (the array itself). */
    public long[] runTimeCounts() {
        return runTimeCounts;
    }

    /** Run time the worker reported for these elements. */
    public long runNanos() {
        return runNanos;
    }

    public int size() {
        return ids.length;
    }

    /** The element ids, in the order the worker answered (the array itself, not a copy). */
    public long[] ids() {
        return ids;
    }

    public int status(int i) {
        return statuses[i];
    }

    /**
     * The values (the array itself, not a copy): the decoder's value for OK, an
     * {@link ElementFailure} for a failure, null for SKIPPED.
     */
    public Object[] values() {
        return values;
    }
}
