package io.procpool.protocol;

import java.io.IOException;

/**
 * The channel carried bytes that are not a valid frame (bad magic, bad CRC, oversized or truncated
 * frame, malformed payload). The channel cannot be trusted afterwards; the peer must be replaced.
 */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, with the offending values */
    public ProtocolException(String message) {
        super(message);
    }
}
