package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.List;
import java.util.random.RandomGenerator;

/** The candidates as configured: the first provider first, then the next as fallback, and so on. */
public final class PriorityOrder implements ProviderOrder {

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random) {
        return List.copyOf(candidates);
    }
}
