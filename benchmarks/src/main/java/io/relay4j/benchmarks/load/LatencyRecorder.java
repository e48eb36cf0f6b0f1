package io.relay4j.benchmarks.load;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latencies in nanoseconds, recorded from any thread into one preallocated array (no allocation, no lock on
 * the measured path) and read once recording has stopped. Samples beyond the capacity are counted, not kept.
 */
public final class LatencyRecorder {

    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();

    public LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    public void record(long nanos) {
        int slot = next.getAndIncrement();
        if (slot < samples.length) {
            samples[slot] = nanos;
        }
    }

    /** Samples offered, kept or not. */
    public long count() {
        return next.get();
    }

    /** Percentiles over the kept samples; call only after every recording thread has finished. */
    public Percentiles percentiles() {
        int kept = (int) Math.min(next.get(), samples.length);
        long[] sorted = Arrays.copyOf(samples, kept);
        Arrays.sort(sorted);
        return new Percentiles(kept, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
                kept == 0 ? 0 : sorted[kept - 1], next.get() - kept);
    }

    private static long at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Nearest-rank percentiles in nanoseconds. */
    public record Percentiles(int samples, long p50, long p99, long p999, long max, long dropped) {
    }
}
