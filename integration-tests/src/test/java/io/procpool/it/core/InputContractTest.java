package io.procpool.it.core;

import io.procpool.it.SharedPool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procpool.WorkerPool;
import io.procpool.it.core.CoreTasks.Square;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How {@code map}/{@code mapUnordered} consume their input, on one shared pool with a small window:
 * lazily, never more than {@code window} elements ahead of the consumer, failing at the position
 * where the input itself fails, and closing the input when the result stream is closed.
 */
class InputContractTest {
    private static final int WINDOW = 16;
    @RegisterExtension
    static final SharedPool SHARED = new SharedPool(() -> WorkerPool.builder().workers(2).window(WINDOW).open());

    /** The two ways of reading results that share this contract. */
    enum Mode {
        ORDERED, UNORDERED;

        <P, R> Stream<R> run(Class<? extends io.procpool.Task<P, R>> task, Iterable<? extends P> input) {
            return this == ORDERED ? SHARED.pool().map(task, input) : SHARED.pool().mapUnordered(task, input);
        }

        <P, R> Stream<R> run(Class<? extends io.procpool.Task<P, R>> task, Stream<? extends P> input) {
            return this == ORDERED ? SHARED.pool().map(task, input) : SHARED.pool().mapUnordered(task, input);
        }
    }

    /** 0, 1, 2, ... up to {@code size} (or without end), counting how many were pulled; may fail at one position. */
    static final class CountingInput implements Iterable<Integer> {
        private final long size;
        private final long failAt;
        private final RuntimeException failure;
        long pulled;

        CountingInput(long size, long failAt, RuntimeException failure) {
            this.size = size;
            this.failAt = failAt;
            this.failure = failure;
        }

        static CountingInput endless() {
            return new CountingInput(Long.MAX_VALUE, -1, null);
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pulled < size;
                }

                @Override
                public Integer next() {
                    if (pulled >= size) {
                        throw new NoSuchElementException();
                    }
                    if (pulled == failAt) {
                        throw failure;
                    }
                    return (int) pulled++;
                }
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void map_endlessIterable_pullsNothingBeforeConsumptionThenAtMostWindowAhead(Mode mode) {
        CountingInput input = CountingInput.endless();

        try (Stream<Long> results = mode.run(Square.class, input)) {
            assertEquals(0, input.pulled, "pulled before the stream was consumed");
            Iterator<Long> it = results.iterator();
            assertEquals(0, input.pulled, "pulled before the first next()");
            for (int consumed = 1; consumed <= 300; consumed++) {
                Long v = it.next();
                if (mode == Mode.ORDERED) {
                    assertEquals((long) (consumed - 1) * (consumed - 1), v);
                }
                long ahead = input.pulled - consumed;
                assertTrue(ahead >= 0 && ahead <= WINDOW, "after " + consumed + " results " + input.pulled
                        + " were pulled: " + ahead + " ahead, window " + WINDOW);
            }
        }
    }

    @Test
    void map_streamInput_pullsNothingBeforeConsumption() {
        AtomicInteger pulled = new AtomicInteger();
        Stream<Integer> input = Stream.iterate(0, i -> i + 1).peek(i -> pulled.incrementAndGet());

        try (Stream<Long> results = SHARED.pool().map(Square.class, input)) {
            assertEquals(0, pulled.get(), "pulled before the stream was consumed");
            assertEquals(List.of(0L, 1L, 4L, 9L), results.limit(4).collect(Collectors.toList()));
            assertTrue(pulled.get() <= 4 + WINDOW, "pulled " + pulled.get() + " for 4 results, window " + WINDOW);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void map_inputIteratorThrowsAtPosition37_earlierResultsThenThatException(Mode mode) {
        int k = 37;
        IllegalStateException boom = new IllegalStateException("generator broke at " + k);
        CountingInput input = new CountingInput(Long.MAX_VALUE, k, boom);
        Iterator<Long> it = mode.run(Square.class, input).iterator();
        List<Long> got = new ArrayList<>();

        for (int i = 0; i < k; i++) {
            got.add(it.next());
        }
        IllegalStateException thrown = assertThrows(IllegalStateException.class, it::next);

        assertSame(boom, thrown);
        if (mode == Mode.UNORDERED) {
            got.sort(null);
        }
        assertEquals(LongStream.range(0, k).map(x -> x * x).boxed().collect(Collectors.toList()), got);
    }

    /** Throws a checked exception without declaring it, as Kotlin code and Lombok's @SneakyThrows do. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void map_inputThrowsUndeclaredCheckedException_earlierResultsThenThatExceptionThenEnd(Mode mode) {
        int k = 37;
        java.io.IOException boom = new java.io.IOException("file vanished at " + k);
        AtomicInteger callsAfterFailure = new AtomicInteger();
        Iterator<Integer> input = new Iterator<>() {
            int next;
            boolean failed;

            @Override
            public boolean hasNext() {
                if (failed) {
                    callsAfterFailure.incrementAndGet();
                }
                return true;
            }

            @Override
            public Integer next() {
                if (failed) {
                    callsAfterFailure.incrementAndGet();
                }
                if (next == k) {
                    failed = true;
                    throw sneaky(boom);
                }
                return next++;
            }
        };
        Iterable<Integer> once = () -> input;
        Iterator<Long> it = mode.run(Square.class, once).iterator();
        List<Long> got = new ArrayList<>();

        for (int i = 0; i < k; i++) {
            got.add(it.next());
        }
        Throwable thrown = assertThrows(Throwable.class, it::next);

        assertSame(boom, thrown);
        assertFalse(it.hasNext(), "the stream ends after the input's exception");
        assertEquals(0, callsAfterFailure.get(), "the input was pulled again after it threw");
        if (mode == Mode.UNORDERED) {
            got.sort(null);
        }
        assertEquals(LongStream.range(0, k).map(x -> x * x).boxed().collect(Collectors.toList()), got);
    }

    @Test
    void map_inputStreamThrowsAtPosition37_earlierResultsThenThatException() {
        int k = 37;
        IllegalStateException boom = new IllegalStateException("generator broke at " + k);
        Stream<Integer> input = Stream.iterate(0, i -> i + 1).map(i -> {
            if (i == k) {
                throw boom;
            }
            return i;
        });
        Iterator<Long> it = SHARED.pool().map(Square.class, input).iterator();

        for (int i = 0; i < k; i++) {
            assertEquals((long) i * i, it.next());
        }
        assertSame(boom, assertThrows(IllegalStateException.class, it::next));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void map_inputThrowsOnFirstElement_throwsBeforeAnyResult(Mode mode) {
        IllegalArgumentException boom = new IllegalArgumentException("no input at all");
        Iterator<Long> it = mode.run(Square.class, new CountingInput(10, 0, boom)).iterator();

        assertSame(boom, assertThrows(IllegalArgumentException.class, it::next));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void map_resultStreamClosedEarly_closesInputAndPoolKeepsServing(Mode mode) {
        AtomicBoolean inputClosed = new AtomicBoolean();
        Stream<Integer> endless = Stream.iterate(0, i -> i + 1).onClose(() -> inputClosed.set(true));

        try (Stream<Long> results = mode.run(Square.class, endless)) {
            List<Long> first = results.limit(5).collect(Collectors.toList());
            assertEquals(5, first.size());
            if (mode == Mode.ORDERED) {
                assertEquals(List.of(0L, 1L, 4L, 9L, 16L), first);
            } else {
                assertEquals(5, first.stream().distinct().filter(InputContractTest::isSquare).count(), "" + first);
            }
        }

        assertTrue(inputClosed.get(), "closing the result stream closes the input stream");
        List<Integer> next = IntStream.range(0, 200).boxed().collect(Collectors.toList());
        assertEquals(next.stream().map(x -> (long) x * x).collect(Collectors.toList()),
                SHARED.pool().map(Square.class, next).collect(Collectors.toList()));
    }

    private static boolean isSquare(long v) {
        long r = Math.round(Math.sqrt(v));
        return r * r == v;
    }

    @Test
    void map_emptyInput_emptyResult() {
        Iterator<Long> it = SHARED.pool().map(Square.class, List.<Integer>of()).iterator();

        assertFalse(it.hasNext());
    }
}
