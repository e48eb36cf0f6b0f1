package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Orders a request's candidate providers: the first is tried first, the rest are the fallback order.
 * An implementation is a function of the request, the candidates (given in priority order), the providers'
 * run-time stats and a random source; it returns every candidate exactly once. It does not judge health:
 * skipping providers that are cooling down, disabled or at their concurrency limit is the router's job,
 * which walks the returned order.
 */
@FunctionalInterface
public interface ProviderOrder {

    List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                            RandomGenerator random);

    /**
     * As {@link #order(LlmRequest, List, ProviderStatsRegistry, RandomGenerator)}, for a request whose model
     * differs per provider (an alias): {@code modelOf} gives the model each candidate would be asked for,
     * empty for its own. An order that does not look at models ignores it.
     */
    default List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                    RandomGenerator random, Function<LlmProvider, Optional<String>> modelOf) {
        return order(request, candidates, stats, random);
    }
}
