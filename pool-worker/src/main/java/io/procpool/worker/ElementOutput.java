package io.procpool.worker;

import io.procpool.protocol.ElementFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's {@code System.out} and {@code System.err}: passes every byte on to file descriptor
 * 2 (read by the coordinator's stderr drain) and, while an element runs, also keeps the last
 * {@value #KEEP_BYTES} bytes written, by any thread, so a failing element can send the lines it
 * printed with its error ({@code TaskFailedException.output()}). Keeping them costs one array copy
 * per write and nothing per element that succeeds. Native code and child processes write to fd 2
 * directly and are not seen here.
 */
final class ElementOutput extends OutputStream {
    /** Bytes of an element's output kept: its last 8 KiB. */
    static final int KEEP_BYTES = 8192;

    private final OutputStream target;
    private final byte[] ring = new byte[KEEP_BYTES];
    private int head;
    private long written;
    private boolean capturing;

    ElementOutput(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        target.write(b);
        if (capturing) {
            ring[head] = (byte) b;
            head = (head + 1) % KEEP_BYTES;
            written++;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
        if (capturing && len > 0) {
            written += len;
            if (len >= KEEP_BYTES) {
                System.arraycopy(b, off + len - KEEP_BYTES, ring, 0, KEEP_BYTES);
                head = 0;
                return;
            }
            int first = Math.min(len, KEEP_BYTES - head);
            System.arraycopy(b, off, ring, head, first);
            System.arraycopy(b, off + first, ring, 0, len - first);
            head = (head + len) % KEEP_BYTES;
        }
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    /** Starts keeping output for a new element, forgetting the previous one's. */
    synchronized void begin() {
        head = 0;
        written = 0;
        capturing = true;
    }

    /** Stops keeping output. */
    synchronized void end() {
        capturing = false;
    }

    /**
     * The last lines kept since {@link #begin}, oldest first, at most
     * {@link ElementFailure#MAX_OUTPUT_LINES}; a line that started before the kept 8 KiB begins
     * with {@code "..."}.
     */
    synchronized List<String> lines() {
        int n = (int) Math.min(written, KEEP_BYTES);
        byte[] bytes = new byte[n];
        int start = Math.floorMod(head - n, KEEP_BYTES);
        int first = Math.min(n, KEEP_BYTES - start);
        System.arraycopy(ring, start, bytes, 0, first);
        System.arraycopy(ring, 0, bytes, first, n - first);
        int from = 0;
        boolean cut = written > KEEP_BYTES;
        while (cut && from < n && (bytes[from] & 0xC0) == 0x80) {
            from++; // do not start inside a UTF-8 character
        }
        String text = new String(bytes, from, n - from, Charset.defaultCharset());
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
