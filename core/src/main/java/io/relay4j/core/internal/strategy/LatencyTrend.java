package io.relay4j.core.internal.strategy;

/**
 * Whether one provider's recent latency has risen well above its baseline: a short average (about the last 10
 * samples) against a long one (about the last 200), both exponentially weighted, so one slow answer does not
 * count but a sustained rise does, and a lasting change becomes the new baseline. Not thread-safe: its owner
 * ({@link AimdLimit}) serialises the calls.
 */
final class LatencyTrend {

    private static final double SHORT_ALPHA = 2.0 / (10 + 1);
    private static final double LONG_ALPHA = 2.0 / (200 + 1);
    /** Samples before the baseline is trusted: until then the trend never says "risen". */
    static final int WARM_UP_SAMPLES = 20;

    private double recent;
    private double baseline;
    private int samples;

    /** Adds one latency; true when the recent average is now above {@code tolerance} times the baseline. */
    boolean riseAfter(long latencyNanos, double tolerance) {
        double sample = Math.max(1, latencyNanos);
        if (samples == 0) {
            recent = sample;
            baseline = sample;
        } else {
            recent += SHORT_ALPHA * (sample - recent);
            baseline += LONG_ALPHA * (sample - baseline);
        }
        if (samples < WARM_UP_SAMPLES) {
            samples++;
            return false;
        }
        return recent > tolerance * baseline;
    }
}
