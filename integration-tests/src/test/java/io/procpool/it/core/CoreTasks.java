package io.procpool.it.core;

import io.procpool.Task;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Task classes and value types for the core contract tests. Workers load them by name from the
 * test classpath, so each is a public static nested class with a public no-arg constructor.
 */
public final class CoreTasks {
    private CoreTasks() {}

    /** Result of {@link Jitter}: the computed value and the worker that computed it. */
    public record Trace(int value, long pid) {}

    /** Microseconds {@link Jitter} waits for input {@code x}: 0..200, scattered over the inputs. */
    public static long jitterMicros(int x) {
        return Math.floorMod(x * 7919L, 201);
    }

    /** Waits 0..200 µs depending on the input, so completion order differs from input order. */
    public static final class Jitter implements Task<Integer, Trace> {
        @Override
        public Trace run(Integer x) {
            long micros = jitterMicros(x);
            if (micros > 0) {
                LockSupport.parkNanos(micros * 1_000);
            }
            return new Trace(x * 3 + 1, ProcessHandle.current().pid());
        }
    }

    /** x squared, as a long. */
    public static final class Square implements Task<Integer, Long> {
        @Override
        public Long run(Integer x) {
            return (long) x * x;
        }
    }

    /** A string naming the input: {@code "#" + x}. */
    public static final class Describe implements Task<Integer, String> {
        @Override
        public String run(Integer x) {
            return "#" + x;
        }
    }

    /** The pid of the worker that runs it. */
    public static final class WorkerPid implements Task<Integer, Long> {
        @Override
        public Long run(Integer ignored) {
            return ProcessHandle.current().pid();
        }
    }

    /** The exception {@link FailOnSevens} throws. */
    public static final class BadInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadInputException(String message) {
            super(message);
        }
    }

    /** Whether {@link FailOnSevens} fails on {@code x}: when its last decimal digit is 7. */
    public static boolean failsOn(int x) {
        return x % 10 == 7;
    }

    /** x + 1, but throws {@link BadInputException} for inputs ending in 7. */
    public static final class FailOnSevens implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            if (failsOn(x)) {
                throw new BadInputException("bad input " + x);
            }
            return x + 1;
        }
    }

    /** The seed task: {@code {"sum": param1 + param2}}. */
    public static final class Sum implements Task<Map<String, Integer>, Map<String, Integer>> {
        @Override
        public Map<String, Integer> run(Map<String, Integer> p) {
            return Map.of("sum", p.get("param1") + p.get("param2"));
        }
    }

    /** An enum used as a parameter component and as a result, never registered. */
    public enum Size { SMALL, MEDIUM, LARGE }

    /** A record parameter, never registered. */
    public record Order(String item, int quantity, Size size) {}

    /** A record result, never registered. */
    public record Invoice(String item, long cents, Size size) {}

    /** Prices an order: 100 cents per unit, times 1/2/3 by size. */
    public static final class PriceOrder implements Task<Order, Invoice> {
        @Override
        public Invoice run(Order o) {
            return new Invoice(o.item(), 100L * o.quantity() * (o.size().ordinal() + 1), o.size());
        }
    }

    /** Classifies a number as an enum constant. */
    public static final class SizeOf implements Task<Integer, Size> {
        @Override
        public Size run(Integer x) {
            return x < 10 ? Size.SMALL : x < 100 ? Size.MEDIUM : Size.LARGE;
        }
    }

    /** A {@code List.of} result: {@code [x, x*x, -x]}. */
    public static final class Powers implements Task<Integer, List<Integer>> {
        @Override
        public List<Integer> run(Integer x) {
            return List.of(x, x * x, -x);
        }
    }

    /** A {@code Map.of} result: the word's length and its number of vowels. */
    public static final class WordStats implements Task<String, Map<String, Integer>> {
        @Override
        public Map<String, Integer> run(String w) {
            return Map.of("length", w.length(), "vowels", vowels(w));
        }
    }

    /** Vowels in {@code w}, used by {@link WordStats} and its test. */
    public static int vowels(String w) {
        int n = 0;
        for (char c : w.toCharArray()) {
            if ("aeiou".indexOf(c) >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Parks for ten seconds, long enough to be running when the pool closes. */
    public static final class Stall implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer x) {
            LockSupport.parkNanos(10_000_000_000L);
            return x;
        }
    }
}
