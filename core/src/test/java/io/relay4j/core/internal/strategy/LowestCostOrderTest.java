package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.named;
import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LowestCostOrderTest {

    private final ProviderStatsRegistry stats = ProviderStatsRegistry.withDefaults();
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void cheapestFirstThenTheNextCheapestAndUnknownPricesLast() {
        ProviderPrices prices = ProviderPrices.fixed(Map.of(
                "premium", new BigDecimal("15.00"), "mini", new BigDecimal("0.60"), "mid", new BigDecimal("3")));

        var order = new LowestCostOrder(prices).order(named("premium", "unpriced", "mid", "mini", "other"), stats,
                random);

        assertThat(names(order)).containsExactly("mini", "mid", "premium", "unpriced", "other");
    }

    @Test
    void equalPricesKeepPriorityOrder() {
        ProviderPrices prices = ProviderPrices.fixed(Map.of("a", BigDecimal.ONE, "b", BigDecimal.ONE));
        assertThat(names(new LowestCostOrder(prices).order(named("b", "a"), stats, random)))
                .containsExactly("b", "a");
    }

    @Test
    void pricesCanComeFromAnotherSourceSuchAsAPricingTable() {
        ProviderPrices byModel = p -> Optional.of(p.name().equals("b") ? BigDecimal.ONE : BigDecimal.TEN);
        assertThat(names(new LowestCostOrder(byModel).order(named("a", "b"), stats, random)))
                .containsExactly("b", "a");
    }

    @Test
    void rejectsNegativePrices() {
        assertThatThrownBy(() -> ProviderPrices.fixed(Map.of("a", new BigDecimal("-1"))))
                .hasMessageContaining("price of a must be >= 0");
    }
}
