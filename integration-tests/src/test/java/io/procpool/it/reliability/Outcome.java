package io.procpool.it.reliability;

import io.procpool.PoolException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one position of an ordered {@code map} stream yielded: a value or the exception thrown when
 * iteration reached it. {@link #drain} reads a whole stream this way, so a test sees every position,
 * including the ones after a failed element. An exception without an element index (the pool
 * broke or closed) ends the drain by propagating.
 */
record Outcome<R>(R value, PoolException error) {
    static <R> List<Outcome<R>> drain(Stream<R> results) {
        List<Outcome<R>> out = new ArrayList<>();
        try (results) {
            Iterator<R> it = results.iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        return out;
                    }
                    out.add(new Outcome<>(it.next(), null));
                } catch (PoolException e) {
                    if (e.index() < 0) {
                        throw e;
                    }
                    out.add(new Outcome<>(null, e));
                }
            }
        }
    }
}
