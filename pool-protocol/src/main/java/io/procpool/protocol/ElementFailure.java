package io.procpool.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of a failed element in a RESULT frame: the error, then the lines the element printed
 * to {@code System.out}/{@code System.err} in the worker while it ran (at most
 * {@value #MAX_OUTPUT_LINES}, oldest first; empty when it printed nothing or did not run).
 *
 * @param error what failed
 * @param output the element's last output lines
 */
public record ElementFailure(RemoteError error, List<String> output) {
    /** Most output lines one failure carries. */
    public static final int MAX_OUTPUT_LINES = 50;

    /** Copies {@code output}. */
    public ElementFailure {
        output = List.copyOf(output);
    }

    /** Writes the error, then the output lines. */
    public void encode(PayloadWriter w) {
        error.encode(w);
        w.writeVarInt(output.size());
        for (String line : output) {
            w.writeString(line);
        }
    }

    /** Reads what {@link #encode} wrote. */
    public static ElementFailure decode(PayloadReader r) throws ProtocolException {
        RemoteError error = RemoteError.decode(r);
        int n = r.readVarInt();
        if (n < 0 || n > MAX_OUTPUT_LINES || n > r.remaining()) {
            throw new ProtocolException("malformed error: " + n + " output lines");
        }
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String line = r.readString();
            if (line == null) {
                throw new ProtocolException("malformed error: null output line");
            }
            lines.add(line);
        }
        return new ElementFailure(error, lines);
    }

    /**
     * A copy that encodes to roughly {@code budget} bytes at most: the error trimmed to half of
     * it ({@link RemoteError#trimmed}) and as many of the last output lines as fit in the rest.
     */
    public ElementFailure trimmed(int budget) {
        int left = budget / 2;
        int from = output.size();
        while (from > 0 && output.get(from - 1).length() * 3 + 8 <= left) {
            left -= output.get(--from).length() * 3 + 8;
        }
        return new ElementFailure(RemoteError.trimmed(error, budget / 2), output.subList(from, output.size()));
    }
}
