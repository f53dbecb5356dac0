package io.procpool;

/**
 * Work that runs in a child JVM of a {@link WorkerPool}.
 *
 * <p>Each worker process creates one instance of the class with its public no-arg constructor the
 * first time it receives a parameter for it, and reuses that instance for every later parameter,
 * so the constructor is the per-worker initializer (load a model, open a file). If the class also
 * implements {@link AutoCloseable}, {@code close()} runs when the worker retires gracefully (pool
 * close or recycling); it does not run when the worker is killed.
 *
 * <p>A task can also be passed as an instance whose fields are its arguments
 * ({@code pool.map(new Thumbnail(800, 600), files)}, typically a record): each worker then
 * recreates that instance once from its Kryo bytes (a record through its canonical constructor,
 * another class through its no-arg constructor, then its fields) instead of calling the public
 * no-arg constructor, and closes it the same way; see {@code WorkerPool.map(Task, Stream)}.
 *
 * <p>{@code run} is called by one thread at a time in a worker, so instance state needs no locks.
 * Parameters and results travel with Kryo: JDK types, records and enums work as they are; other
 * classes need a public or private no-arg constructor, and classes that are neither the declared
 * {@code P}/{@code R} nor a JDK type must be registered with {@code WorkerPool.Builder.register}.
 *
 * @param <P> parameter type
 * @param <R> result type
 */
@FunctionalInterface
public interface Task<P, R> {
    /**
     * Computes the result for one parameter.
     *
     * @param params the parameter, as sent by the coordinator (may be {@code null})
     * @return the result sent back to the coordinator (may be {@code null})
     * @throws Exception any failure; it reaches the caller as {@code TaskFailedException} with this
     *     exception's class, message and stack trace, and the worker goes on with the next parameter
     */
    R run(P params) throws Exception;
}
