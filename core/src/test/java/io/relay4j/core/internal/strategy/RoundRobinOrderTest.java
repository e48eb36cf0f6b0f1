package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.REQUEST;
import static io.relay4j.core.internal.strategy.Candidates.named;
import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundRobinOrderTest {

    private final ProviderStatsRegistry stats = ProviderStatsRegistry.withDefaults();
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void eachRequestStartsOneFurtherAndFallsBackAlongTheRing() {
        RoundRobinOrder roundRobin = new RoundRobinOrder();
        var candidates = named("a", "b", "c");

        assertThat(names(roundRobin.order(REQUEST, candidates, stats, random))).containsExactly("a", "b", "c");
        assertThat(names(roundRobin.order(REQUEST, candidates, stats, random))).containsExactly("b", "c", "a");
        assertThat(names(roundRobin.order(REQUEST, candidates, stats, random))).containsExactly("c", "a", "b");
        assertThat(names(roundRobin.order(REQUEST, candidates, stats, random))).containsExactly("a", "b", "c");
    }

    @Test
    void spreadsFirstChoicesEvenly() {
        RoundRobinOrder roundRobin = new RoundRobinOrder();
        var candidates = named("a", "b", "c", "d");
        int[] firsts = new int[4];
        for (int i = 0; i < 400; i++) {
            String first = roundRobin.order(REQUEST, candidates, stats, random).get(0).name();
            firsts[first.charAt(0) - 'a']++;
        }
        assertThat(firsts).containsExactly(100, 100, 100, 100);
    }

    @Test
    void noCandidatesGiveAnEmptyOrder() {
        assertThat(new RoundRobinOrder().order(REQUEST, named(), stats, random)).isEmpty();
    }
}
