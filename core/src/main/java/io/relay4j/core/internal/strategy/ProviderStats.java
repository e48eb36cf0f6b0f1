package io.relay4j.core.internal.strategy;

import java.time.Duration;
import java.util.Objects;

/**
 * What the router has observed about one provider at run time: its latency average and recent
 * latencies, its recent times to first token, and its concurrency limiter, whose permits in use are
 * the provider's calls in flight (every call holds one, limited or not). Each part has one job and is
 * thread-safe on its own; this class only keeps them together.
 */
public final class ProviderStats {

    private final LatencyEwma latencyAverage;
    private final LatencyWindow latencies;
    private final LatencyWindow timesToFirstToken;
    private final ConcurrencyLimiter limiter;

    public ProviderStats(LatencyEwma latencyAverage, int windowSize, ConcurrencyLimiter limiter) {
        this.latencyAverage = Objects.requireNonNull(latencyAverage, "latencyAverage");
        this.latencies = new LatencyWindow(windowSize);
        this.timesToFirstToken = new LatencyWindow(windowSize);
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /** Stats with the default half-life and window size, and no concurrency limit. */
    public static ProviderStats withDefaults() {
        return new ProviderStats(LatencyEwma.withHalfLife(LatencyEwma.DEFAULT_HALF_LIFE_SAMPLES),
                LatencyWindow.DEFAULT_SIZE, ConcurrencyLimiter.unlimited());
    }

    /** Records a successful call's latency (failed calls say little about speed and are left out). */
    public void recordLatency(Duration latency) {
        latencyAverage.record(latency);
        latencies.record(latency);
    }

    /** Records a stream's time from the call's start to its first token. */
    public void recordTimeToFirstToken(Duration timeToFirstToken) {
        timesToFirstToken.record(timeToFirstToken);
    }

    public LatencyEwma latencyAverage() {
        return latencyAverage;
    }

    public LatencyWindow latencies() {
        return latencies;
    }

    public LatencyWindow timesToFirstToken() {
        return timesToFirstToken;
    }

    /** The provider's calls in progress now. */
    public int inFlight() {
        return limiter.inUse();
    }

    public ConcurrencyLimiter limiter() {
        return limiter;
    }
}
