package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.REQUEST;
import static io.relay4j.core.internal.strategy.Candidates.named;
import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastLatencyOrderTest {

    private final ProviderStatsRegistry stats = ProviderStatsRegistry.withDefaults();
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void fastestAverageFirstThenTheNextFastest() {
        stats.of("a").recordLatency(Duration.ofMillis(900));
        stats.of("b").recordLatency(Duration.ofMillis(100));
        stats.of("c").recordLatency(Duration.ofMillis(400));

        assertThat(names(new LeastLatencyOrder().order(REQUEST, named("a", "b", "c"), stats, random)))
                .containsExactly("b", "c", "a");
    }

    @Test
    void providersNotYetMeasuredGoFirstSoTheyGetMeasured() {
        stats.of("a").recordLatency(Duration.ofMillis(50));
        stats.of("c").recordLatency(Duration.ofMillis(10));

        assertThat(names(new LeastLatencyOrder().order(REQUEST, named("a", "b", "c", "d"), stats, random)))
                .containsExactly("b", "d", "c", "a");
    }

    @Test
    void averageFollowsRecentLatency() {
        stats.of("a").recordLatency(Duration.ofMillis(100));
        stats.of("b").recordLatency(Duration.ofMillis(200));
        for (int i = 0; i < 30; i++) {
            stats.of("a").recordLatency(Duration.ofMillis(1000));
        }
        assertThat(names(new LeastLatencyOrder().order(REQUEST, named("a", "b"), stats, random)))
                .containsExactly("b", "a");
    }

    @Test
    void equalAveragesKeepPriorityOrder() {
        stats.of("a").recordLatency(Duration.ofMillis(100));
        stats.of("b").recordLatency(Duration.ofMillis(100));

        assertThat(names(new LeastLatencyOrder().order(REQUEST, named("b", "a"), stats, random)))
                .containsExactly("b", "a");
    }
}
