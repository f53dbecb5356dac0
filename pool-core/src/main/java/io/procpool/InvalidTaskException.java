package io.procpool;

/**
 * A class passed to {@code map}, {@code mapUnordered} or {@code submit} cannot be a task: it does
 * not implement {@link Task}, is abstract, is not public, has no public no-arg constructor, or is
 * a lambda, anonymous or local class that a worker cannot load by name. Or a task instance passed
 * to them cannot travel to a worker: it is null, of such a class or an inner class, neither a
 * record nor a class with a no-arg constructor, or Kryo cannot serialize it (too large, or a field
 * such as a thread or stream). Thrown at once by the call; the pool is unaffected.
 */
public final class InvalidTaskException extends PoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the class and how to fix it */
    public InvalidTaskException(String message) {
        super(message, null);
    }
}
