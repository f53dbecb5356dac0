package io.procpool.protocol;

import java.io.InputStream;

/** Serves a frame header, then fails the test if the reader asks for a single byte more. */
final class HeaderOnlyStream extends InputStream {
    private final byte[] header;
    private int pos;
    boolean readPastHeader;

    HeaderOnlyStream(byte[] header) {
        this.header = header;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= header.length) {
            readPastHeader = true;
            throw new AssertionError("reader asked for " + len + " bytes past the header");
        }
        int n = Math.min(len, header.length - pos);
        System.arraycopy(header, pos, b, off, n);
        pos += n;
        return n;
    }
}
