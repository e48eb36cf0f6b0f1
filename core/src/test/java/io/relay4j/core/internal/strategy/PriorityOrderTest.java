package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.REQUEST;
import static io.relay4j.core.internal.strategy.Candidates.named;
import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PriorityOrderTest {

    @Test
    void triesProvidersInTheConfiguredOrder() {
        var order = new PriorityOrder().order(REQUEST, named("a", "b", "c"), ProviderStatsRegistry.withDefaults(),
                new SplittableRandom(1));
        assertThat(names(order)).containsExactly("a", "b", "c");
    }
}
