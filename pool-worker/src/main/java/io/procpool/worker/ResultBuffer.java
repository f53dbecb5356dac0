package io.procpool.worker;

import io.procpool.protocol.ElementFailure;
import io.procpool.protocol.FrameType;
import io.procpool.protocol.FrameWriter;
import io.procpool.protocol.KryoCodec;
import io.procpool.protocol.PayloadWriter;
import io.procpool.protocol.RemoteError;
import io.procpool.protocol.ResultPayload;
import io.procpool.protocol.RunTimeHistogram;
import java.io.IOException;
import java.util.List;

/**
 * Collects results into RESULT frames ({@link ResultPayload} has the layout). The main loop flushes at the end of each TASK frame, when results have waited
 * long enough, or after every result when exact timeouts need it.
 */
final class ResultBuffer {
    /** Results wait at most this long in the worker while later items of a batch run. */
    static final long MAX_HOLD_NANOS = 2_000_000;

    private final FrameWriter writer;
    private final int maxFrameBytes;
    private final PayloadWriter items = new PayloadWriter(1 << 16);
    private final PayloadWriter frame = new PayloadWriter(1 << 16);
    private final PayloadWriter scratch = new PayloadWriter(1024);
    /** Run times of the held elements that ran, sent with them (per-element percentiles in the coordinator). */
    private final RunTimeHistogram runTimes = new RunTimeHistogram();
    private int count;
    private long runNanos;
    private long firstHeldAt;

    ResultBuffer(FrameWriter writer, int maxFrameBytes) {
        this.writer = writer;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Serializes {@code value} straight into the frame being built; its run time follows with
     * {@link #ran}.
     *
     * @throws RuntimeException from the codec when the value cannot be serialized; nothing is added then
     */
    void ok(long id, Object value, KryoCodec codec) throws IOException {
        int mark = items.size();
        try {
            ResultPayload.itemHead(items, id, io.procpool.protocol.ResultStatus.OK);
            codec.writeTo(value, items);
        } catch (RuntimeException | StackOverflowError e) {
            items.truncate(mark);
            throw e;
        }
        if (count > 0 && items.size() + 32 > maxFrameBytes) {
            // this result does not fit behind the held ones: send those first, then this one alone
            byte[] tail = java.util.Arrays.copyOfRange(items.buffer(), mark, items.size());
            items.truncate(mark);
            flush();
            items.writeRaw(tail, 0, tail.length);
        }
        added(0);
    }

    /** Adds the run time of the result {@link #ok} just added (the caller reads the clock once per element). */
    void ran(long nanos) {
        runNanos += nanos;
        runTimes.record(nanos);
    }

    void error(long id, int status, RemoteError error, long nanos) throws IOException {
        error(id, status, error, List.of(), nanos);
    }

    /** Adds a failed element with the lines it printed while it ran. */
    void error(long id, int status, RemoteError error, List<String> output, long nanos) throws IOException {
        ElementFailure failure = new ElementFailure(error, output);
        failure.encode(scratch.reset());
        if (scratch.size() + 64 > maxFrameBytes) {
            // An error must always fit in a frame: keep the class, a shortened message, the top
            // frames and the last output lines.
            failure.trimmed(maxFrameBytes / 4).encode(scratch.reset());
        }
        byte[] body = scratch.toByteArray();
        makeRoom(body.length + 16);
        ResultPayload.error(items, id, status, body);
        if (status != io.procpool.protocol.ResultStatus.TASK_CLASS_UNUSABLE) {
            runTimes.record(nanos); // it ran (and failed); an unusable task class never ran
        }
        added(nanos);
    }

    /** Answers an element the coordinator could not send, in its place in the order. */
    void skipped(long id) throws IOException {
        makeRoom(16);
        ResultPayload.skipped(items, id);
        added(0);
    }

    private void added(long nanos) {
        if (count++ == 0) {
            firstHeldAt = System.nanoTime();
        }
        runNanos += nanos;
    }

    private void makeRoom(int bytes) throws IOException {
        if (count > 0 && items.size() + bytes + 32 > maxFrameBytes) {
            flush();
        }
    }

    /** Whether held results have waited long enough to be sent before the next item runs. */
    boolean heldTooLong(long now) {
        return count > 0 && now - firstHeldAt >= MAX_HOLD_NANOS;
    }

    /** Writes held results as one frame and pushes it to the coordinator. */
    void flush() throws IOException {
        if (count == 0) {
            return;
        }
        ResultPayload.frame(frame, count, runNanos, runTimes, items.buffer(), items.size());
        writer.write(FrameType.RESULT, 0, frame.buffer(), 0, frame.size());
        writer.flush();
        items.reset();
        count = 0;
        runNanos = 0;
    }
}
