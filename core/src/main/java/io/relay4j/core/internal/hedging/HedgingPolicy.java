package io.relay4j.core.internal.hedging;

import io.relay4j.core.internal.strategy.LatencyWindow;
import io.relay4j.core.router.HedgingConfig;
import java.util.Objects;

/**
 * A router's hedging, as configured: whether it is on, the budget all its requests share, and each race's
 * plan (the delay taken from the primary provider's recent samples). Thread-safe.
 */
public final class HedgingPolicy {

    private static final HedgingPolicy OFF = new HedgingPolicy(HedgingConfig.ofDefaults(), null, null);

    private final HedgingConfig config;
    private final HedgeBudget budget;
    private final HedgeDelay delay;

    private HedgingPolicy(HedgingConfig config, HedgeBudget budget, HedgeDelay delay) {
        this.config = config;
        this.budget = budget;
        this.delay = delay;
    }

    public static HedgingPolicy of(HedgingConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.enabled()) {
            return OFF;
        }
        return new HedgingPolicy(config, new HedgeBudget(config.budgetFraction(), config.budgetBurst()),
                new HedgeDelay(config));
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Counts a request toward the hedge budget; call once per routed request. */
    public void onRequest() {
        if (budget != null) {
            budget.onRequest();
        }
    }

    /**
     * The race plan for a call to a provider with these recent samples: its latencies for a whole answer,
     * its times to first token for a stream. Only for an enabled policy.
     */
    public HedgedRace.Plan plan(LatencyWindow primarySamples) {
        if (!enabled()) {
            throw new IllegalStateException("hedging is disabled: there is no race to plan");
        }
        return new HedgedRace.Plan(delay.forSamples(primarySamples), config.maxHedges(), budget);
    }
}
