package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.REQUEST;
import static io.relay4j.core.internal.strategy.Candidates.named;
import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastInFlightOrderTest {

    private final ProviderStatsRegistry stats = ProviderStatsRegistry.withDefaults();
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void leastBusyFirstThenTheNextLeastBusy() {
        List<ConcurrencyLimiter.Permit> calls = List.of(callOn("a"), callOn("a"), callOn("c"));

        assertThat(names(new LeastInFlightOrder().order(REQUEST, named("a", "b", "c"), stats, random)))
                .containsExactly("b", "c", "a");

        calls.forEach(ConcurrencyLimiter.Permit::release);
        assertThat(stats.of("a").inFlight()).isZero();
        assertThat(names(new LeastInFlightOrder().order(REQUEST, named("a", "b", "c"), stats, random)))
                .containsExactly("a", "b", "c");
    }

    /** A call in progress holds a permit of its provider's limiter. */
    private ConcurrencyLimiter.Permit callOn(String provider) {
        return stats.of(provider).limiter().tryAcquire().orElseThrow();
    }
}
