package io.procpool.internal;

import java.lang.ref.Cleaner;
import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * The spliterator behind a {@code map} stream: the only object the user holds, so the job behind
 * it can be released when the user is done with it, however that happens.
 *
 * <ul>
 *   <li>a terminal operation that consumes everything ({@code forEach}, {@code toList},
 *       {@code collect}...) runs through {@link #forEachRemaining}; if it throws (a failed
 *       element, the user's own action), the stream cannot be used again, so the job is cancelled
 *       at once: its queued elements are dropped and its buffers released;</li>
 *   <li>a stream or iterator dropped half-way without {@code close()} becomes unreachable; a
 *       {@link Cleaner} then cancels the job. The job never refers back to this object.</li>
 * </ul>
 */
final class MapResults implements ResultSource {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "procpool-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final MapJob job;
    private final Cleaner.Cleanable cleanable;

    MapResults(MapJob job) {
        this.job = job;
        this.cleanable = CLEANER.register(this, new Release(job));
    }

    /** The cleaning action: holds the job only, never the {@code MapResults}. */
    private record Release(MapJob job) implements Runnable {
        @Override
        public void run() {
            job.cancel();
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super Object> action) {
        return job.tryAdvance(action);
    }

    @Override
    public void forEachRemaining(Consumer<? super Object> action) {
        try {
            while (job.tryAdvance(action)) {
                // next
            }
        } catch (RuntimeException | Error e) {
            cleanable.clean();
            throw e;
        }
    }

    @Override
    public void cancel() {
        cleanable.clean();
    }

    @Override
    public Spliterator<Object> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return job.ordered() ? ORDERED : 0;
    }
}
