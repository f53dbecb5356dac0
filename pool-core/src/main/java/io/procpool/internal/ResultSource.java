package io.procpool.internal;

import java.util.Spliterator;

/** The results of one {@code map} call, as handed to {@code WorkerPool}. */
public interface ResultSource extends Spliterator<Object> {
    /** Stops the call: pending elements are dropped, results still arriving are ignored. */
    void cancel();

    /** Largest number of elements pulled from the input but not yet handed to the consumer. */
    long maxGap();
}
