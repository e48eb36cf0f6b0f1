package io.relay4j.core.internal.strategy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most recent latencies of one provider (a fixed-size ring), for percentile queries such as the
 * p95 a hedge waits for. Recording is lock-free and allocation-free; a query copies the window and
 * selects the rank in expected O(window) time. A query running while samples are recorded sees each
 * slot either before or after its update, which is as good as a moving window gets.
 */
public final class LatencyWindow {

    /** Samples kept per provider, by default. */
    public static final int DEFAULT_SIZE = 128;

    private final AtomicLongArray samplesNanos;
    private final AtomicLong recorded = new AtomicLong();

    public LatencyWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, was " + size);
        }
        this.samplesNanos = new AtomicLongArray(size);
    }

    public int capacity() {
        return samplesNanos.length();
    }

    /** Adds one observed latency, replacing the oldest when the window is full. */
    public void record(Duration latency) {
        long slot = recorded.getAndIncrement() % samplesNanos.length();
        samplesNanos.set((int) slot, Math.max(0, latency.toNanos()));
    }

    /** How many samples the window holds now (at most its capacity). */
    public int size() {
        return (int) Math.min(recorded.get(), samplesNanos.length());
    }

    /**
     * The nearest-rank {@code percentile} (in (0, 100]) of the samples in the window, or empty when
     * it holds none. {@code percentile(50)} is the median, {@code percentile(100)} the maximum.
     */
    public Optional<Duration> percentile(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        int n = size();
        if (n == 0) {
            return Optional.empty();
        }
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) {
            copy[i] = samplesNanos.get(i);
        }
        int rank = (int) Math.ceil(percentile / 100 * n) - 1;
        return Optional.of(Duration.ofNanos(select(copy, Math.max(0, rank))));
    }

    /** Quickselect (median-of-three pivot): the k-th smallest value, reordering {@code values}. */
    private static long select(long[] values, int k) {
        int lo = 0;
        int hi = values.length - 1;
        while (lo < hi) {
            long pivot = medianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }

    private static long medianOfThree(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
