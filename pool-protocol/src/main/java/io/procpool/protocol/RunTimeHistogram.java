package io.procpool.protocol;

/**
 * Counts of element run times in fixed log-linear buckets of nanoseconds: values below 128 each
 * have their own bucket; above, every power of two is cut into 64 equal buckets, so a bucket's
 * width is at most 1/64 of its values (about two significant digits; a bucket's midpoint is
 * within 0.8% of any value in it). 3,712 buckets cover 0..{@code Long.MAX_VALUE}.
 *
 * <p>The worker records each element ({@link #record}: no allocation, a few arithmetic
 * operations) and writes the buckets it touched into each RESULT frame ({@link #writeTo}, which
 * also clears them); the coordinator adds decoded frames into one histogram per task class
 * ({@link #add}) and reads percentiles from it. Not thread-safe.
 */
public final class RunTimeHistogram {
    /** Values below this have a bucket each. */
    private static final int LINEAR = 128;
    /** Buckets per power of two above {@link #LINEAR}. */
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    /** Number of buckets; bucket indexes are 0..BUCKETS-1. */
    public static final int BUCKETS = LINEAR + (62 - 7 + 1) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    /** Range of buckets touched since the last {@link #writeTo} (lo > hi: none). */
    private int lo = BUCKETS;
    private int hi = -1;

    /** The bucket of a run time; negative values (a clock that went backwards) count as 0. */
    public static int bucket(long nanos) {
        if (nanos < LINEAR) {
            return nanos < 0 ? 0 : (int) nanos;
        }
        int exp = 63 - Long.numberOfLeadingZeros(nanos); // 7..62
        int sub = (int) (nanos >>> (exp - SUB_BITS)) - SUB; // 0..63
        return LINEAR + (exp - 7) * SUB + sub;
    }

    /** The smallest value in bucket {@code b}. */
    public static long lowest(int b) {
        if (b < LINEAR) {
            return b;
        }
        int exp = (b - LINEAR) / SUB + 7;
        long sub = (b - LINEAR) % SUB;
        return (SUB + sub) << (exp - SUB_BITS);
    }

    /** The largest value in bucket {@code b}. */
    public static long highest(int b) {
        return b == BUCKETS - 1 ? Long.MAX_VALUE : lowest(b + 1) - 1;
    }

    /** The value that stands for bucket {@code b}: its midpoint. */
    public static long midpoint(int b) {
        long low = lowest(b);
        return low + (highest(b) - low) / 2;
    }

    /** Counts one run time. */
    public void record(long nanos) {
        int b = bucket(nanos);
        counts[b]++;
        total++;
        if (b < lo) {
            lo = b;
        }
        if (b > hi) {
            hi = b;
        }
    }

    /** Adds {@code n} (at least 1) run times in bucket {@code b}. */
    public void add(int b, long n) {
        counts[b] += n;
        total += n;
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
    }

    /** Adds the buckets a RESULT frame carried. */
    public void add(ResultPayload res) {
        int[] buckets = res.runTimeBuckets();
        long[] ns = res.runTimeCounts();
        for (int i = 0; i < buckets.length; i++) {
            add(buckets[i], ns[i]);
        }
    }

    /** Run times counted. */
    public long count() {
        return total;
    }

    /**
     * The run time at quantile {@code q} (0 < q <= 1: the smallest bucket midpoint with at least
     * {@code ceil(q * count)} run times at or below it); 0 when nothing was counted.
     */
    public long valueAt(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int b = lo; b <= hi; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return midpoint(b);
            }
        }
        return midpoint(hi);
    }

    /** The midpoint of the highest bucket counted; 0 when nothing was counted. */
    public long max() {
        return total == 0 ? 0 : midpoint(hi);
    }

    /**
     * Writes the touched buckets as the RESULT frame's run-time section (see {@link ResultPayload})
     * and clears them, so the next frame carries only its own elements.
     */
    public void writeTo(PayloadWriter w) {
        int nonEmpty = 0;
        for (int b = lo; b <= hi; b++) {
            if (counts[b] != 0) {
                nonEmpty++;
            }
        }
        w.writeVarInt(nonEmpty);
        int prev = -1;
        for (int b = lo; b <= hi; b++) {
            long n = counts[b];
            if (n != 0) {
                w.writeVarInt(b - prev - 1).writeVarLong(n);
                counts[b] = 0;
                prev = b;
            }
        }
        lo = BUCKETS;
        hi = -1;
        total = 0;
    }
}
