package io.procpool;

/**
 * Base of every exception procpool throws. Unchecked. Subclasses say what happened to one element
 * ({@link TaskFailedException}, {@link WorkerCrashedException}, {@link TaskTimeoutException}) or to
 * the pool ({@link PoolClosedException}); a plain {@code PoolException} means the pool itself
 * cannot work (for example, workers cannot start).
 */
public class PoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long index;

    /**
     * @param message what happened, with the state needed to act on it
     * @param cause the underlying failure, may be {@code null}
     */
    public PoolException(String message, Throwable cause) {
        this(message, cause, -1);
    }

    /**
     * @param message what happened
     * @param cause the underlying failure, may be {@code null}
     * @param index position of the element in its {@code map} input, or -1
     */
    public PoolException(String message, Throwable cause, long index) {
        super(message, cause);
        this.index = index;
    }

    /**
     * Position of the failed element in the input of its {@code map}/{@code mapUnordered} call,
     * counting from 0; -1 for {@code submit} and for failures of the pool as a whole.
     */
    public long index() {
        return index;
    }
}
