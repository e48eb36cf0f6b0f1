package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.List;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * Fastest first, by each provider's latency average (EWMA of its successful calls); the fallback order
 * continues with the next fastest. Providers with no sample yet go FIRST, in priority order: a provider
 * that has never answered would otherwise never be measured, so a new or re-added provider gets traffic
 * until it has an average. Equal averages keep priority order.
 */
public final class LeastLatencyOrder implements ProviderOrder {

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random) {
        return RankedOrder.byScore(candidates,
                p -> stats.of(p.name()).latencyAverage().average()
                        .map(avg -> OptionalDouble.of(avg.toNanos())).orElse(OptionalDouble.empty()),
                RankedOrder.Unscored.FIRST);
    }
}
