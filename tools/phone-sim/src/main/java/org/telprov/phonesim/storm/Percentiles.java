package org.telprov.phonesim.storm;

import java.util.Arrays;

/** p50, p90, p99 and max (nearest rank, nanoseconds) of {@code count} durations. */
public record Percentiles(int count, long p50, long p90, long p99, long max) {

    /** Sorts the array in place. */
    static Percentiles of(long[] sorted) {
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public String text() {
        return String.format("p50 %s  p90 %s  p99 %s  max %s", ms(p50), ms(p90), ms(p99), ms(max));
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
