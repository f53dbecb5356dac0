package io.procpool.protocol;

/** The peer speaks another protocol version; the message names both. */
public final class ProtocolVersionException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final int peerVersion;

    /** @param peerVersion the version the peer announced */
    public ProtocolVersionException(int peerVersion) {
        super("protocol version mismatch: peer speaks version " + peerVersion + ", this side speaks version "
                + Wire.VERSION + "; pool-core and pool-worker on the child's classpath must come from the same release");
        this.peerVersion = peerVersion;
    }

    /** The version the peer announced. */
    public int peerVersion() {
        return peerVersion;
    }
}
