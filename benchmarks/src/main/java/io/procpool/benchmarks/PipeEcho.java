package io.procpool.benchmarks;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The latency floor of this machine: a child JVM that echoes every byte it reads on stdin back to
 * stdout, one thread, blocking reads. A round trip through it is two pipe writes and two thread
 * wake-ups, the least any process pool can do.
 */
public final class PipeEcho {
    private PipeEcho() {}

    /** Echoes until stdin ends. */
    public static void main(String[] args) throws IOException {
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        byte[] buf = new byte[256];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
