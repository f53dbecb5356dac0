package io.procpool.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.PoolClosedException;
import io.procpool.Task;
import io.procpool.WorkerPool;
import io.procpool.it.Await;
import io.procpool.it.NoLeftoverWorkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Closing a pool whose workers are busy wakes blocked consumers and ends every child in bounded time. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(60)
class CloseWhileBusyTest {
    private static final Duration SHUTDOWN = Duration.ofSeconds(1);
    /** Generous: close needs the shutdown timeout, one second after SIGTERM at most, and reaping. */
    private static final Duration CLOSE_BOUND = SHUTDOWN.plusSeconds(5);

    /** One element for {@link Sleepy}: where to note the start, and its value. */
    public record Nap(String dir, int value) {}

    /** Notes that it started, then sleeps a minute: far longer than any test waits. */
    public static final class Sleepy implements Task<Nap, Integer> {
        @Override
        public Integer run(Nap n) throws Exception {
            Files.createFile(Path.of(n.dir(), "started-" + n.value()));
            Thread.sleep(60_000);
            return n.value();
        }
    }

    @Test
    void close_whileConsumerWaitsOnSlowTasks_consumerGetsPoolClosedAndNoChildLeft(@TempDir Path tmp)
            throws Exception {
        WorkerPool pool = WorkerPool.builder().workers(2).shutdownTimeout(SHUTDOWN).open();
        AtomicLong consumed = new AtomicLong();
        CompletableFuture<Throwable> consumerOutcome = new CompletableFuture<>();
        Thread consumer = new Thread(() -> {
            try {
                pool.map(Sleepy.class, IntStream.range(0, 100).mapToObj(i -> new Nap(tmp.toString(), i)))
                        .forEach(v -> consumed.incrementAndGet());
                consumerOutcome.complete(null);
            } catch (Throwable t) {
                consumerOutcome.complete(t);
            }
        }, "consumer");
        consumer.setDaemon(true);
        consumer.start();
        CompletableFuture<Integer> submitted = pool.submit(Sleepy.class, new Nap(tmp.toString(), 1000));
        awaitBlocked(consumer, tmp);

        long t0 = System.nanoTime();
        pool.close();
        Duration closeTook = Duration.ofNanos(System.nanoTime() - t0);

        assertTrue(closeTook.compareTo(CLOSE_BOUND) < 0, "close took " + closeTook.toMillis() + " ms");
        List<ProcessHandle> children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .collect(Collectors.toList());
        assertEquals(List.of(), children, "every child is reaped before close() returns");
        Throwable thrown = consumerOutcome.get(10, TimeUnit.SECONDS);
        assertInstanceOf(PoolClosedException.class, thrown, "consumer's outcome");
        assertEquals(0, consumed.get());
        ExecutionException ex = assertThrows(ExecutionException.class, () -> submitted.get(10, TimeUnit.SECONDS));
        assertInstanceOf(PoolClosedException.class, ex.getCause());
        assertThrows(PoolClosedException.class, () -> pool.submit(Sleepy.class, new Nap(tmp.toString(), 1)));
        pool.close();
    }

    /**
     * Waits until a task runs (so the map is dispatched and can produce nothing for a minute) and
     * the consumer thread is parked waiting for it. Polled: neither state has an event.
     */
    private static void awaitBlocked(Thread consumer, Path dir) throws Exception {
        Await.until("a task to run and the consumer to block on it", Duration.ofSeconds(30),
                () -> started(dir) && consumer.getState() == Thread.State.WAITING);
    }

    private static boolean started(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("started-"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
