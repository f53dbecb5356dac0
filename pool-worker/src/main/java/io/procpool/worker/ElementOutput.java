package io.procpool.worker;

import io.procpool.protocol.ElementFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's {@code System.out} and {@code System.err}: passes every byte on to file descriptor
 * 2 (read by the coordinator's stderr drain) and keeps the last {@value #KEEP_BYTES} bytes written,
 * by any thread, so a failing element can send the lines it printed while it ran with its error
 * ({@code TaskFailedException.output()}). An element's output is the range of the byte count
 * between its {@link #begin} and {@link #end}: marking it is two reads of a volatile counter, no
 * lock, so an element that prints nothing pays next to nothing (the lock is taken only by writes).
 * Native code and child processes write to fd 2 directly and are not seen here.
 */
final class ElementOutput extends OutputStream {
    /** Bytes of an element's output kept: its last 8 KiB. */
    static final int KEEP_BYTES = 8192;

    private final OutputStream target;
    private final byte[] ring = new byte[KEEP_BYTES];
    /** Bytes ever written; byte {@code i} is kept at {@code ring[i % KEEP_BYTES]} until overwritten. Written under the lock. */
    private volatile long written;
    /** The byte count when the current (or last) element began, and when it ended (-1 while it runs); main thread. */
    private long from;
    private long to = -1;

    ElementOutput(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        target.write(b);
        long w = written;
        ring[(int) (w % KEEP_BYTES)] = (byte) b;
        written = w + 1;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
        if (len <= 0) {
            return;
        }
        long w = written;
        int n = Math.min(len, KEEP_BYTES); // only the last KEEP_BYTES of a long write can be kept
        int at = (int) ((w + len - n) % KEEP_BYTES);
        int first = Math.min(n, KEEP_BYTES - at);
        System.arraycopy(b, off + len - n, ring, at, first);
        System.arraycopy(b, off + len - n + first, ring, 0, n - first);
        written = w + len;
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    /** Starts a new element: its output is what is written from now on (main thread). */
    void begin() {
        from = written;
        to = -1;
    }

    /** Ends the element: later output is not its own (main thread). */
    void end() {
        to = written;
    }

    /**
     * The last lines kept since {@link #begin}, oldest first, at most
     * {@link ElementFailure#MAX_OUTPUT_LINES}; a line that started before the kept 8 KiB begins
     * with {@code "..."}.
     */
    synchronized List<String> lines() {
        long w = written;
        long end = to < 0 ? w : to;
        long start = Math.max(from, w - KEEP_BYTES); // older bytes were overwritten by newer ones
        int n = (int) Math.max(0, end - start);
        byte[] bytes = new byte[n];
        int at = (int) (start % KEEP_BYTES);
        int first = Math.min(n, KEEP_BYTES - at);
        System.arraycopy(ring, at, bytes, 0, first);
        System.arraycopy(ring, 0, bytes, first, n - first);
        int skip = 0;
        boolean cut = start > from;
        while (cut && skip < n && (bytes[skip] & 0xC0) == 0x80) {
            skip++; // do not start inside a UTF-8 character
        }
        String text = new String(bytes, skip, n - skip, Charset.defaultCharset());
        String[] split = text.split("\r?\n", -1);
        int count = split.length;
        if (count > 0 && split[count - 1].isEmpty()) {
            count--; // output ended with a newline
        }
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, count - ElementFailure.MAX_OUTPUT_LINES); i < count; i++) {
            out.add(i == 0 && cut ? "..." + split[i] : split[i]);
        }
        return out;
    }
}
