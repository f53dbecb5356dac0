package io.procpool.internal;

import java.util.Spliterator;

/** The results of one {@code map} call, as handed to {@code WorkerPool}. */
public interface ResultSource extends Spliterator<Object> {
    /** Stops the call: pending elements are dropped, results still arriving are ignored. */
    void cancel();
}
