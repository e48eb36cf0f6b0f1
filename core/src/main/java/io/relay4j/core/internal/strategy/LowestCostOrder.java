package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * Cheapest first, by price per million tokens; the fallback order continues with the next cheapest.
 * Equal prices keep priority order. Providers whose price is unknown come last, in priority order:
 * a router asked to save money should not bet on an unknown price.
 */
public final class LowestCostOrder implements ProviderOrder {

    private final ProviderPrices prices;

    public LowestCostOrder(ProviderPrices prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    @Override
    public List<LlmProvider> order(List<LlmProvider> candidates, ProviderStatsRegistry stats, RandomGenerator random) {
        return RankedOrder.byScore(candidates,
                p -> prices.pricePerMillionTokens(p).map(price -> OptionalDouble.of(price.doubleValue()))
                        .orElse(OptionalDouble.empty()),
                RankedOrder.Unscored.LAST);
    }
}
