package io.relay4j.core.internal.strategy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of one provider's latency: each sample moves the average
 * by {@code alpha} of its distance from it, so old samples fade geometrically. Lock-free and
 * allocation-free when recording; safe to share between threads.
 */
public final class LatencyEwma {

    /** Half of a sample's weight is gone after this many newer samples, by default. */
    public static final int DEFAULT_HALF_LIFE_SAMPLES = 10;

    private static final long NO_SAMPLE = Double.doubleToRawLongBits(Double.NaN);

    private final double alpha;
    /** The average in nanoseconds, as the bits of a double; NaN until the first sample. */
    private final AtomicLong averageBits = new AtomicLong(NO_SAMPLE);

    private LatencyEwma(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
        }
        this.alpha = alpha;
    }

    /** An average where each new sample carries weight {@code alpha} (0 &lt; alpha &lt;= 1). */
    public static LatencyEwma withAlpha(double alpha) {
        return new LatencyEwma(alpha);
    }

    /** An average where a sample has lost half its weight after {@code samples} newer samples. */
    public static LatencyEwma withHalfLife(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("half-life must be at least 1 sample, was " + samples);
        }
        return new LatencyEwma(1 - Math.pow(0.5, 1.0 / samples));
    }

    public double alpha() {
        return alpha;
    }

    /** Adds one observed latency. */
    public void record(Duration latency) {
        double sample = latency.toNanos();
        averageBits.getAndUpdate(bits -> {
            double current = Double.longBitsToDouble(bits);
            double next = Double.isNaN(current) ? sample : current + alpha * (sample - current);
            return Double.doubleToRawLongBits(next);
        });
    }

    /** The current average, or empty before the first sample. */
    public Optional<Duration> average() {
        double nanos = Double.longBitsToDouble(averageBits.get());
        return Double.isNaN(nanos) ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(nanos)));
    }
}
