package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.List;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * Fewest calls in progress first (as counted when the order is taken); the fallback order continues
 * with the next least busy. Equal counts keep priority order, so an idle router behaves like priority.
 */
public final class LeastInFlightOrder implements ProviderOrder {

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random) {
        return RankedOrder.byScore(candidates, p -> OptionalDouble.of(stats.of(p.name()).inFlight()),
                RankedOrder.Unscored.LAST);
    }
}
