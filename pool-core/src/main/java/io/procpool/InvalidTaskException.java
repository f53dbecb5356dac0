package io.procpool;

/**
 * A class passed to {@code map}, {@code mapUnordered} or {@code submit} cannot be a task: it does
 * not implement {@link Task}, is abstract, is not public, has no public no-arg constructor, or is
 * a lambda, anonymous or local class that a worker cannot load by name. Thrown at once by the
 * call; the pool is unaffected.
 */
public final class InvalidTaskException extends PoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the class and how to fix it */
    public InvalidTaskException(String message) {
        super(message, null);
    }
}
