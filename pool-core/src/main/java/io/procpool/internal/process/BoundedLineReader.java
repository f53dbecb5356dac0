package io.procpool.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Splits a byte stream into UTF-8 lines of at most {@link #MAX_LINE_BYTES} bytes, whatever the
 * stream holds. The rest of a longer line is read and dropped, never buffered, and the line ends
 * with {@code ... [cut 49,991,234 bytes]}; a cut never splits a UTF-8 character. Memory use is
 * fixed: two buffers allocated once. Not thread-safe (one drain thread owns it).
 */
public final class BoundedLineReader {
    /** Longest line kept, in bytes; the rest is cut. */
    static final int MAX_LINE_BYTES = 8192;

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private final byte[] line;
    private int pos;
    private int end;
    private int len;
    private long cut;

    BoundedLineReader(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.line = new byte[maxLineBytes];
    }

    /** The next line without its terminator, or {@code null} at end of stream. */
    String next() throws IOException {
        while (true) {
            if (pos == end) {
                int n = in.read(buf);
                if (n < 0) {
                    return len > 0 || cut > 0 ? take() : null;
                }
                pos = 0;
                end = n;
            }
            int start = pos;
            while (pos < end && buf[pos] != '\n') {
                pos++;
            }
            append(start, pos);
            if (pos < end) {
                pos++; // the '\n'
                return take();
            }
        }
    }

    private void append(int from, int to) {
        int n = Math.min(to - from, line.length - len);
        System.arraycopy(buf, from, line, len, n);
        len += n;
        cut += to - from - n;
    }

    private String take() {
        int keep = len;
        if (cut > 0) {
            keep = wholeCharacters(keep);
            cut += len - keep;
        } else if (keep > 0 && line[keep - 1] == '\r') {
            keep--;
        }
        String s = new String(line, 0, keep, StandardCharsets.UTF_8);
        if (cut > 0) {
            s += String.format(Locale.ROOT, "... [cut %,d bytes]", cut);
        }
        len = 0;
        cut = 0;
        return s;
    }

    /** The length of the longest prefix of {@code line[0..n)} that ends on a character boundary. */
    private int wholeCharacters(int n) {
        int i = n - 1;
        while (i >= 0 && i > n - 4 && (line[i] & 0xC0) == 0x80) {
            i--; // continuation byte
        }
        if (i < 0) {
            return n;
        }
        int lead = line[i] & 0xFF;
        int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return i + size <= n ? n : i;
    }
}
