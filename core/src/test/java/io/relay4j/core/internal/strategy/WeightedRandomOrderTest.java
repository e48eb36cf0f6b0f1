package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.REQUEST;
import static io.relay4j.core.internal.strategy.Candidates.named;
import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedRandomOrderTest {

    private final ProviderStatsRegistry stats = ProviderStatsRegistry.withDefaults();

    @Test
    void firstChoicesSplitAsTheWeightsSay() {
        WeightedRandomOrder weighted = weighted(Map.of("a", 3.0, "b", 1.0));
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            firsts.merge(weighted.order(REQUEST, named("a", "b"), stats, random).get(0).name(), 1, Integer::sum);
        }
        assertThat(firsts.get("a")).isBetween(7_300, 7_700);
        assertThat(firsts.get("b")).isBetween(2_300, 2_700);
    }

    @Test
    void fallbackOrderIsFurtherWeightedDrawsAmongTheRest() {
        WeightedRandomOrder weighted = weighted(Map.of("a", 1.0, "b", 8.0, "c", 1.0));
        SplittableRandom random = new SplittableRandom(7);
        int secondIsB = 0;
        int firstIsA = 0;
        for (int i = 0; i < 10_000; i++) {
            List<String> order = names(weighted.order(REQUEST, named("a", "b", "c"), stats, random));
            assertThat(order).containsExactlyInAnyOrder("a", "b", "c");
            if (order.get(0).equals("a")) {
                firstIsA++;
                if (order.get(1).equals("b")) {
                    secondIsB++;
                }
            }
        }
        // after "a" is drawn, "b" holds 8 of the remaining 9 weight
        assertThat((double) secondIsB / firstIsA).isBetween(0.85, 0.93);
    }

    @Test
    void providersWithoutWeightOnlyServeAsLastFallbackInPriorityOrder() {
        WeightedRandomOrder weighted = weighted(Map.of("b", 1.0, "d", 2.0, "c", 0.0));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            List<String> order = names(weighted.order(REQUEST, named("a", "b", "c", "d"), stats, random));
            assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("b", "d");
            assertThat(order.subList(2, 4)).containsExactly("a", "c");
        }
    }

    @Test
    void sameSeedGivesTheSameOrders() {
        WeightedRandomOrder weighted = weighted(Map.of("a", 1.0, "b", 1.0, "c", 1.0));
        SplittableRandom one = new SplittableRandom(99);
        SplittableRandom two = new SplittableRandom(99);
        for (int i = 0; i < 20; i++) {
            assertThat(names(weighted.order(REQUEST, named("a", "b", "c"), stats, one)))
                    .isEqualTo(names(weighted.order(REQUEST, named("a", "b", "c"), stats, two)));
        }
    }

    /** Weights by name; a provider the map does not name weighs 0. */
    private static WeightedRandomOrder weighted(Map<String, Double> weights) {
        return new WeightedRandomOrder(provider -> weights.getOrDefault(provider.name(), 0.0));
    }
}
