package io.procpool;

/**
 * The pool was closed (or is closing) while the caller used it or waited on it: calls after
 * {@link WorkerPool#close()}, stream elements and futures that had not completed when close began.
 */
public final class PoolClosedException extends PoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused or abandoned */
    public PoolClosedException(String message) {
        super(message, null);
    }
}
