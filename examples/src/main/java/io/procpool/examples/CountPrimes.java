package io.procpool.examples;

import io.procpool.Task;

/** Counts the primes in {@code [from, from + length)} by trial division: deliberately CPU-bound. */
public final class CountPrimes implements Task<long[], Long> {
    @Override
    public Long run(long[] range) {
        return count(range[0], range[1]);
    }

    static long count(long from, long length) {
        long n = 0;
        for (long x = Math.max(2, from); x < from + length; x++) {
            if (isPrime(x)) {
                n++;
            }
        }
        return n;
    }

    private static boolean isPrime(long x) {
        if (x % 2 == 0) {
            return x == 2;
        }
        for (long d = 3; d * d <= x; d += 2) {
            if (x % d == 0) {
                return false;
            }
        }
        return true;
    }
}
