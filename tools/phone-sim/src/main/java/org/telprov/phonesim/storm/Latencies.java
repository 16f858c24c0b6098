package org.telprov.phonesim.storm;

import java.util.Arrays;

/** Durations recorded by one thread (no locking), merged once the storm is over. */
final class Latencies {

    private long[] values = new long[256];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    static Percentiles percentiles(Iterable<Latencies> parts) {
        int total = 0;
        for (Latencies part : parts) {
            total += part.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (Latencies part : parts) {
            System.arraycopy(part.values, 0, all, at, part.size);
            at += part.size;
        }
        return Percentiles.of(all);
    }
}
