package io.relay4j.core.internal.strategy;

import io.relay4j.core.router.ProviderOptions;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ProviderStats} of every provider a router knows, created on first use, so providers
 * added at run time get stats without a restart. A provider's concurrency limit is set when it is added
 * to the router ({@link #configure}). Stats outlive a provider's removal, so calls still holding its permits stay
 * counted, and a provider re-added under the same name keeps its history. Thread-safe.
 */
public final class ProviderStatsRegistry {

    private final Map<String, ProviderStats> stats = new ConcurrentHashMap<>();
    private final int halfLifeSamples;
    private final int windowSize;

    /**
     * @param halfLifeSamples the latency average's half-life, in samples
     * @param windowSize      how many recent latencies each provider keeps for percentiles
     */
    public ProviderStatsRegistry(int halfLifeSamples, int windowSize) {
        this.halfLifeSamples = halfLifeSamples;
        this.windowSize = windowSize;
        if (halfLifeSamples < 1 || windowSize < 1) {
            throw new IllegalArgumentException("half-life and window size must be at least 1 sample, were "
                    + halfLifeSamples + " and " + windowSize);
        }
    }

    /** A registry with default settings and no concurrency limits. */
    public static ProviderStatsRegistry withDefaults() {
        return new ProviderStatsRegistry(LatencyEwma.DEFAULT_HALF_LIFE_SAMPLES, LatencyWindow.DEFAULT_SIZE);
    }

    /** The stats of the named provider, created empty on first use. */
    public ProviderStats of(String provider) {
        return stats.computeIfAbsent(provider, this::create);
    }

    /**
     * The stats of the named provider, its concurrency limit set to {@code limit} (none when empty): called as
     * the provider is added, so one re-added under the same name takes its new limit.
     */
    public ProviderStats configure(String provider, OptionalInt limit) {
        ProviderStats stats = of(provider);
        stats.limiter().limitTo(limit);
        return stats;
    }

    /**
     * The stats of the named provider, its concurrency limit set from {@code options}: fixed, adaptive or none;
     * {@code listener} is told of the limit set and, for an adaptive one, of each move.
     */
    public ProviderStats configure(String provider, ProviderOptions options, ConcurrencyLimiter.LimitListener listener) {
        ProviderStats stats = of(provider);
        if (options.adaptiveConcurrency().isPresent()) {
            stats.limiter().adaptTo(options.adaptiveConcurrency().get(), listener);
        } else {
            stats.limiter().limitTo(options.concurrencyLimit(), listener);
        }
        return stats;
    }

    private ProviderStats create(String provider) {
        return new ProviderStats(LatencyEwma.withHalfLife(halfLifeSamples), windowSize, ConcurrencyLimiter.unlimited());
    }
}
