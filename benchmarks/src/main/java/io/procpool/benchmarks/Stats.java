package io.procpool.benchmarks;

import java.util.Arrays;

/** Order statistics over measured samples. */
final class Stats {
    private Stats() {}

    /** Median; for an even count the mean of the two middle values. */
    static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    static double percentile(double[] samples, double p) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static double max(double[] samples) {
        return Arrays.stream(samples).max().orElse(Double.NaN);
    }

    static double min(double[] samples) {
        return Arrays.stream(samples).min().orElse(Double.NaN);
    }
}
