package io.relay4j.core.internal.strategy;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ProviderStats} of every provider a router knows, created on first use, so providers
 * added at run time get stats without a restart. Concurrency limits are fixed per provider name when
 * the registry is built. Stats outlive a provider's removal, so calls still holding its permits stay
 * counted, and a provider re-added under the same name keeps its history. Thread-safe.
 */
public final class ProviderStatsRegistry {

    private final Map<String, ProviderStats> stats = new ConcurrentHashMap<>();
    private final Map<String, Integer> concurrencyLimits;
    private final int halfLifeSamples;
    private final int windowSize;

    /**
     * @param concurrencyLimits most calls in flight per provider name (providers not named are unlimited)
     * @param halfLifeSamples   the latency average's half-life, in samples
     * @param windowSize        how many recent latencies each provider keeps for percentiles
     */
    public ProviderStatsRegistry(Map<String, Integer> concurrencyLimits, int halfLifeSamples, int windowSize) {
        this.concurrencyLimits = Map.copyOf(Objects.requireNonNull(concurrencyLimits, "concurrencyLimits"));
        this.halfLifeSamples = halfLifeSamples;
        this.windowSize = windowSize;
        if (halfLifeSamples < 1 || windowSize < 1) {
            throw new IllegalArgumentException("half-life and window size must be at least 1 sample, were "
                    + halfLifeSamples + " and " + windowSize);
        }
        this.concurrencyLimits.forEach((name, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("concurrency limit of " + name + " must be at least 1, was " + limit);
            }
        });
    }

    /** A registry with default settings and no concurrency limits. */
    public static ProviderStatsRegistry withDefaults() {
        return new ProviderStatsRegistry(Map.of(), LatencyEwma.DEFAULT_HALF_LIFE_SAMPLES, LatencyWindow.DEFAULT_SIZE);
    }

    /** The stats of the named provider, created empty on first use. */
    public ProviderStats of(String provider) {
        return stats.computeIfAbsent(provider, this::create);
    }

    private ProviderStats create(String provider) {
        Integer limit = concurrencyLimits.get(provider);
        return new ProviderStats(LatencyEwma.withHalfLife(halfLifeSamples), windowSize,
                limit == null ? ConcurrencyLimiter.unlimited() : ConcurrencyLimiter.of(limit));
    }
}
