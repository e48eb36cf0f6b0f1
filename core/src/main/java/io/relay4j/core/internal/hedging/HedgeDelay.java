package io.relay4j.core.internal.hedging;

import io.relay4j.core.internal.strategy.LatencyWindow;
import io.relay4j.core.router.HedgingConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a request waits for its primary provider before hedging, per {@link HedgingConfig}: the fixed
 * delay, or the configured percentile of the primary's recent samples held between floor and ceiling
 * (the ceiling while the primary has fewer samples than the config's minimum).
 */
public final class HedgeDelay {

    private final HedgingConfig config;

    public HedgeDelay(HedgingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (!config.enabled()) {
            throw new IllegalArgumentException("hedging is disabled: there is no hedge delay");
        }
    }

    /**
     * The delay before hedging a call to a provider with these recent samples: its latencies for a
     * whole answer, its times to first token for a stream.
     */
    public Duration forSamples(LatencyWindow primarySamples) {
        if (config.fixedDelay().isPresent()) {
            return config.fixedDelay().get();
        }
        if (primarySamples.size() < config.minSamples()) {
            return config.ceiling();
        }
        Duration observed = primarySamples.percentile(config.percentile().orElseThrow()).orElse(config.ceiling());
        if (observed.compareTo(config.floor()) < 0) {
            return config.floor();
        }
        return observed.compareTo(config.ceiling()) > 0 ? config.ceiling() : observed;
    }
}
