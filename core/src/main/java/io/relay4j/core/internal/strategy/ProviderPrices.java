package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider costs, as one comparable number: US dollars per million tokens (input and output
 * blended as the source decides). A pricing table plugs in as another implementation, for example
 * {@code p -> table.costOf(p.info().vendor(), p.info().model(), Usage.of(500_000, 500_000))}.
 */
@FunctionalInterface
public interface ProviderPrices {

    /** The provider's price per million tokens, or empty when unknown. */
    Optional<BigDecimal> pricePerMillionTokens(LlmProvider provider);

    /** Fixed prices by provider name, as set on the router's builder. */
    static ProviderPrices fixed(Map<String, BigDecimal> pricesByName) {
        pricesByName.forEach((name, price) -> {
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException("price of " + name + " must be >= 0, was " + price);
            }
        });
        Map<String, BigDecimal> prices = Map.copyOf(pricesByName);
        return provider -> Optional.ofNullable(prices.get(provider.name()));
    }
}
